package io.jthanos.objstore.s3;

import io.jthanos.objstore.BucketErrors;
import io.jthanos.objstore.BucketOperation;
import io.jthanos.objstore.ObjectNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Translates SDK failures into our exceptions and decides which are transient. */
final class S3Errors {
    private static final Set<String> RETRYABLE_CODES =
            Set.of("SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException", "RequestTimeTooSkewed");

    private S3Errors() {}

    /** An S3 failure that already names operation, bucket and key, and knows whether it is transient. */
    static final class S3OperationException extends IOException {
        private static final long serialVersionUID = 1L;
        private final boolean retryable;

        S3OperationException(String message, Throwable cause, boolean retryable) {
            super(message, cause);
            this.retryable = retryable;
        }
    }

    /** Whether a failure is worth retrying: 5xx, throttling, resets, timeouts; never 4xx or interrupts. */
    static boolean isRetryable(Throwable t) {
        if (Thread.currentThread().isInterrupted()) {
            return false;
        }
        if (t instanceof S3OperationException e) {
            return e.retryable;
        }
        if (t instanceof ObjectNotFoundException) {
            return false;
        }
        if (t instanceof SdkException sdk) {
            return isRetryableSdk(sdk);
        }
        return t instanceof IOException io && isTransientIo(io);
    }

    private static boolean isRetryableSdk(SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
            return status >= 500 || status == 429 || (code != null && RETRYABLE_CODES.contains(code));
        }
        if (e instanceof AbortedException) {
            return false;
        }
        if (e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        if (e instanceof SdkClientException) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof IOException io) {
                    return isTransientIo(io);
                }
            }
        }
        return false;
    }

    private static boolean isTransientIo(IOException e) {
        if (e instanceof SSLHandshakeException) {
            return false;
        }
        // SocketTimeoutException is an InterruptedIOException but means "timed out", not "interrupted".
        return !(e instanceof InterruptedIOException) || e instanceof SocketTimeoutException;
    }

    /** Whether the SDK failure is S3's "no such key" (a 404 without body for HEAD). */
    static boolean isNotFound(Throwable t) {
        if (t instanceof AwsServiceException e && e.statusCode() == 404) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            return code == null || code.equals("NoSuchKey") || code.equals("NotFound") || code.equals("404");
        }
        return false;
    }

    /** Whether the failure is 416, a range starting at or after the end of the object. */
    static boolean isInvalidRange(Throwable t) {
        return t instanceof AwsServiceException e && e.statusCode() == 416;
    }

    /** Turns an SDK failure of {@code op} on {@code key} into an IOException naming them. */
    static IOException translate(BucketOperation op, String bucket, String key, Throwable t) {
        if (isNotFound(t) && op != BucketOperation.ITER && op != BucketOperation.UPLOAD && op != BucketOperation.DELETE) {
            return new ObjectNotFoundException(op, bucket, key);
        }
        if (t instanceof S3OperationException || t instanceof ObjectNotFoundException) {
            return (IOException) t;
        }
        return new S3OperationException(BucketErrors.describe(op, bucket, key) + ": " + detail(t), t, isRetryable(t));
    }

    private static String detail(Throwable t) {
        if (t instanceof AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
            return "HTTP " + e.statusCode() + (code == null ? "" : " " + code) + (message == null ? "" : ": " + message);
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root + ")";
        return msg;
    }
}
