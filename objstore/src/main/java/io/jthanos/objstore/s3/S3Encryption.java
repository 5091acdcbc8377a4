package io.jthanos.objstore.s3;

import io.jthanos.objstore.config.ObjstoreConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/** Applies {@code sse_config} to requests: SSE-S3 and SSE-KMS on writes, SSE-C on every request. */
final class S3Encryption {
    private final S3Config.Sse sse;
    private final String customerKey;
    private final String customerKeyMd5;
    private final String kmsContext;

    private S3Encryption(S3Config.Sse sse, String customerKey, String customerKeyMd5, String kmsContext) {
        this.sse = sse;
        this.customerKey = customerKey;
        this.customerKeyMd5 = customerKeyMd5;
        this.kmsContext = kmsContext;
    }

    static S3Encryption of(S3Config.Sse sse, String source) {
        return switch (sse.type()) {
            case NONE, SSE_S3 -> new S3Encryption(sse, null, null, null);
            case SSE_KMS -> new S3Encryption(sse, null, null, kmsContext(sse.kmsEncryptionContext()));
            case SSE_C -> {
                byte[] key = readKey(sse.encryptionKeyFile(), source);
                yield new S3Encryption(sse, Base64.getEncoder().encodeToString(key), md5Base64(key), null);
            }
        };
    }

    private static byte[] readKey(String file, String source) {
        byte[] key;
        try {
            key = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new ObjstoreConfigException(source + ": config.sse_config.encryption_key: cannot read " + file + ": " + e, e);
        }
        if (key.length != 32) {
            throw new ObjstoreConfigException(source + ": config.sse_config.encryption_key: " + file + " must hold a 32-byte key, has " + key.length + " bytes");
        }
        return key;
    }

    private static String kmsContext(Map<String, String> context) {
        // S3 wants base64 of a JSON object; an absent context is "{}" (as Thanos, since AWS rejects "null").
        String json = context.entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    static String md5Base64(byte[] data, int off, int len) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(data, off, len);
            return Base64.getEncoder().encodeToString(md5.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String md5Base64(byte[] data) {
        return md5Base64(data, 0, data.length);
    }

    void apply(PutObjectRequest.Builder b) {
        switch (sse.type()) {
            case NONE -> {}
            case SSE_S3 -> b.serverSideEncryption(ServerSideEncryption.AES256);
            case SSE_KMS -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(sse.kmsKeyId()).ssekmsEncryptionContext(kmsContext);
            case SSE_C -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }

    void apply(CreateMultipartUploadRequest.Builder b) {
        switch (sse.type()) {
            case NONE -> {}
            case SSE_S3 -> b.serverSideEncryption(ServerSideEncryption.AES256);
            case SSE_KMS -> b.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(sse.kmsKeyId()).ssekmsEncryptionContext(kmsContext);
            case SSE_C -> b.sseCustomerAlgorithm("AES256").sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }

    void apply(UploadPartRequest.Builder b) {
        if (customerKey != null) {
            b.sseCustomerAlgorithm("AES256").sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }

    void apply(GetObjectRequest.Builder b) {
        if (customerKey != null) {
            b.sseCustomerAlgorithm("AES256").sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }

    void apply(HeadObjectRequest.Builder b) {
        if (customerKey != null) {
            b.sseCustomerAlgorithm("AES256").sseCustomerKey(customerKey).sseCustomerKeyMD5(customerKeyMd5);
        }
    }
}
