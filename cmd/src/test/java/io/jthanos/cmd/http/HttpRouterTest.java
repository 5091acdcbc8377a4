package io.jthanos.cmd.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpRouterTest {

  private static HttpRequest request(String method, String path) {
    return new HttpRequest(method, path, Map.of(), Map.of(), new byte[0]);
  }

  @Test
  void exactRoutesByMethod() throws Exception {
    HttpRouter router = new HttpRouter()
        .get("/a", r -> HttpResponse.text(200, "get a"))
        .post("/a", r -> HttpResponse.text(201, "post a"));

    assertThat(router.dispatch(request("GET", "/a")).status()).isEqualTo(200);
    assertThat(router.dispatch(request("HEAD", "/a")).status()).isEqualTo(200);
    assertThat(router.dispatch(request("POST", "/a")).status()).isEqualTo(201);
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    HttpRouter router = new HttpRouter().post("/api/v1/receive", r -> HttpResponse.text(200, ""));

    assertThat(router.dispatch(request("GET", "/nope")).status()).isEqualTo(404);
    HttpResponse wrongMethod = router.dispatch(request("GET", "/api/v1/receive"));
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.headers()).containsEntry("Allow", "POST");
  }

  @Test
  void longestPrefixWinsAndExactBeatsPrefix() throws Exception {
    HttpRouter router = new HttpRouter()
        .prefix("GET", "/api/", r -> HttpResponse.text(200, "api"))
        .prefix("GET", "/api/v1/label/", r -> HttpResponse.text(200, "label"))
        .get("/api/v1/labels", r -> HttpResponse.text(200, "labels"));

    assertThat(router.dispatch(request("GET", "/api/v1/label/job/values")).bodyAsText()).isEqualTo("label");
    assertThat(router.dispatch(request("GET", "/api/v1/query")).bodyAsText()).isEqualTo("api");
    assertThat(router.dispatch(request("GET", "/api/v1/labels")).bodyAsText()).isEqualTo("labels");
  }

  @Test
  void queryParametersAreDecoded() {
    HttpRequest request = new HttpRequest("GET", "/q", Map.of("match[]", List.of("up", "down")),
        Map.of("content-type", List.of("text/plain")), new byte[0]);
    assertThat(request.queryParam("match[]")).isEqualTo("up");
    assertThat(request.header("Content-Type")).isEqualTo("text/plain");
  }
}
