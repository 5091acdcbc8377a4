package io.jthanos.ruler.http;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Why a request of the JDK's HTTP client failed, in the words of Go's HTTP client, which Thanos logs. The JDK
 * reports a refused connection or an unknown host as exceptions without a message.
 */
public final class HttpFailure {
    private HttpFailure() {}

    /**
     * {@code Post "uri": dial tcp host:port: connect: connection refused} and the like.
     *
     * @param method as Go writes it: {@code Post}, {@code Get}
     * @param timeout the request's timeout, named when it expired
     * @param error what the client threw or completed with
     */
    public static String describe(String method, URI uri, Duration timeout, Throwable error) {
        // the synchronous client wraps the asynchronous one's exception in another of the same type
        Throwable root = error;
        boolean connect = false;
        boolean connectTimeout = false;
        boolean timeoutAwaiting = false;
        for (Throwable t = error; t != null; t = t.getCause()) {
            connect |= t instanceof ConnectException;
            connectTimeout |= t instanceof HttpConnectTimeoutException;
            timeoutAwaiting |= t instanceof HttpTimeoutException;
            root = t;
        }
        String what;
        if (connectTimeout) {
            what = "dial tcp " + uri.getAuthority() + ": i/o timeout after " + timeout.toMillis() + "ms";
        } else if (timeoutAwaiting) {
            what = "timeout awaiting response after " + timeout.toMillis() + "ms";
        } else if (connect && root instanceof UnresolvedAddressException) {
            what = "dial tcp: lookup " + uri.getHost() + ": no such host";
        } else if (connect && (root instanceof ClosedChannelException || String.valueOf(root.getMessage()).contains("refused"))) {
            what = "dial tcp " + uri.getAuthority() + ": connect: connection refused";
        } else {
            Throwable shown = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            what = root == shown ? shown.toString() : shown + " (" + root + ")";
        }
        return method + " \"" + uri + "\": " + what;
    }
}
