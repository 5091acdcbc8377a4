package io.jthanos.cmd;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jthanos.tsdb.block.Ulid;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the JVM's AOT cache ({@code bin/aot-cache.sh}): {@code thanos store} as {@link Main} runs it,
 * against a small in-process S3 endpoint holding {@value #BLOCKS} blocks' {@code meta.json}, so that the cache
 * holds the S3 client's classes and method profiles (listing XML, signing) besides the CLI's and the store's. The
 * arguments are the store's other flags; the run ends when the caller sends SIGTERM after the first sync. Not a
 * subcommand: it is a tool of the build, never of operators.
 */
public final class AotTraining {
  private static final int BLOCKS = 200;
  private static final String BUCKET = "train";

  private AotTraining() {}

  public static void main(String[] args) throws IOException {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < BLOCKS; i++) {
      ids.add(Ulid.generate(1_700_000_000_000L + i * 1000L).toString());
    }
    HttpServer s3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s3.createContext("/", exchange -> serve(exchange, ids));
    s3.start();
    String objstore = "type: S3\nconfig:\n  bucket: " + BUCKET + "\n  endpoint: 127.0.0.1:" + s3.getAddress().getPort()
        + "\n  region: us-east-1\n  access_key: training\n  secret_key: training\n  insecure: true\n"
        + "  bucket_lookup_type: path\n";
    List<String> store = new ArrayList<>(List.of("store", "--objstore.config=" + objstore));
    store.addAll(List.of(args));
    Main.main(store.toArray(String[]::new));
  }

  /** ListObjectsV2 (top level or one block's directory) and GET of a {@code meta.json}; 404 for the rest. */
  private static void serve(HttpExchange exchange, List<String> ids) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery();
    String prefix = "";
    for (String param : query.split("&")) {
      if (param.startsWith("prefix=")) {
        prefix = URLDecoder.decode(param.substring("prefix=".length()), StandardCharsets.UTF_8);
      }
    }
    StringBuilder body = new StringBuilder();
    int status = 200;
    String type = "application/xml";
    if (path.equals("/" + BUCKET) || path.equals("/" + BUCKET + "/")) {
      body.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">")
          .append("<Name>").append(BUCKET).append("</Name><Prefix>").append(prefix).append("</Prefix>")
          .append("<KeyCount>").append(prefix.isEmpty() ? ids.size() : 1).append("</KeyCount><MaxKeys>1000</MaxKeys>")
          .append("<IsTruncated>false</IsTruncated>");
      if (prefix.isEmpty()) {
        ids.forEach(id -> body.append("<CommonPrefixes><Prefix>").append(id).append("/</Prefix></CommonPrefixes>"));
      } else {
        body.append("<Contents><Key>").append(prefix).append("meta.json</Key>")
            .append("<LastModified>2023-11-14T22:13:20.000Z</LastModified><ETag>\"0\"</ETag><Size>300</Size>")
            .append("<StorageClass>STANDARD</StorageClass></Contents>");
      }
      body.append("</ListBucketResult>");
    } else if (path.endsWith("/meta.json") && ids.contains(block(path))) {
      String id = block(path);
      long min = Ulid.parse(id).timestamp();
      type = "application/json";
      body.append("{\"ulid\":\"").append(id).append("\",\"minTime\":").append(min).append(",\"maxTime\":")
          .append(min + 1000).append(",\"stats\":{\"numSamples\":1,\"numSeries\":1,\"numChunks\":1},")
          .append("\"compaction\":{\"level\":1,\"sources\":[\"").append(id).append("\"]},\"version\":1,")
          .append("\"thanos\":{\"labels\":{\"cluster\":\"training\"},\"downsample\":{\"resolution\":0},")
          .append("\"source\":\"receive\"}}");
    } else {
      status = 404;
      body.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>")
          .append("<Message>The specified key does not exist.</Message></Error>");
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : bytes.length);
    if (!exchange.getRequestMethod().equals("HEAD")) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  private static String block(String path) {
    String key = path.substring(("/" + BUCKET + "/").length());
    return key.substring(0, key.indexOf('/'));
  }
}
