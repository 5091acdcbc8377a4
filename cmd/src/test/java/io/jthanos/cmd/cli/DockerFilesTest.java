package io.jthanos.cmd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Validates {@code docker/} without a Docker engine: the compose file parses, every path it names exists,
 * every {@code bin/thanos} command line it runs passes our CLI's validation (with container paths mapped
 * back through the service's volumes), the configs it mounts agree with its services, and the Dockerfile
 * has a target per component whose entrypoint runs that component.
 */
class DockerFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path docker;
    private static JsonNode compose;

    @BeforeAll
    static void load() throws IOException {
        Path root = Path.of(System.getProperty("jthanos.repo.root", "..")).toAbsolutePath().normalize();
        docker = root.resolve("docker");
        String text = Files.readString(docker.resolve("compose.yaml"));
        new ObjectMapper(new YAMLFactory()).readTree(text);
        // Jackson keeps merge keys (<<: *anchor) as they are; SnakeYAML resolves them as compose does.
        compose = JSON.valueToTree(new Yaml().load(text));
    }

    @Test
    void everyPathTheComposeFileNamesExists() {
        for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
            JsonNode build = service.getValue().path("build");
            if (!build.isMissingNode()) {
                Path context = docker.resolve(build.path("context").asText()).normalize();
                assertThat(context).as(service.getKey() + " build context").isDirectory();
                assertThat(context.resolve(build.path("dockerfile").asText())).as(service.getKey() + " dockerfile").isRegularFile();
            }
            for (Map.Entry<Path, String> v : volumes(service.getValue()).entrySet()) {
                assertThat(v.getKey()).as(service.getKey() + " volume " + v.getValue()).exists();
            }
        }
    }

    @Test
    void everyJthanosCommandLinePassesOurValidation() {
        int checked = 0;
        List<String> components = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : compose.path("services").properties()) {
            JsonNode s = service.getValue();
            if (!s.path("build").path("dockerfile").asText().equals("docker/Dockerfile")) {
                continue;
            }
            Map<Path, String> volumes = volumes(s);
            List<String> args = new ArrayList<>();
            for (JsonNode a : s.path("command")) {
                args.add(hostPaths(a.asText(), volumes));
            }
            components.add(args.getFirst());
            assertThatCode(() -> Cli.dryRun(args.toArray(String[]::new))).as(service.getKey() + ": " + args)
                    .doesNotThrowAnyException();
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
        assertThat(components).contains("receive", "store", "query", "compact");
    }

    @Test
    void dryRunRejectsWhatTheCliRejects() {
        assertThatCode(() -> Cli.dryRun("receive", "--no-such-flag")).hasMessageContaining("--no-such-flag");
        assertThatCode(() -> Cli.dryRun("receive", "--tsdb.no-lockfile")).hasMessageContaining("not supported yet");
        assertThatCode(() -> Cli.dryRun("store", "--objstore.config-file=/nonexistent/objstore.yml"))
                .isInstanceOf(UserError.class);
    }

    @Test
    void mountedConfigsAgreeWithTheServices() throws IOException {
        JsonNode services = compose.path("services");
        JsonNode prometheus = JSON.valueToTree(new Yaml().load(Files.readString(docker.resolve("config/prometheus.yml"))));
        for (JsonNode job : prometheus.path("scrape_configs")) {
            for (JsonNode target : job.path("static_configs").get(0).path("targets")) {
                String host = target.asText().split(":")[0];
                assertThat(host.equals("localhost") || services.has(host)).as("scrape target " + target).isTrue();
            }
        }
        for (JsonNode rw : prometheus.path("remote_write")) {
            Matcher m = Pattern.compile("http://([^:/]+):19291/api/v1/receive").matcher(rw.path("url").asText());
            assertThat(m.matches()).as("remote write url " + rw).isTrue();
            assertThat(services.has(m.group(1))).isTrue();
        }
        JsonNode rings = JSON.readTree(docker.resolve("config/hashrings.json").toFile());
        for (JsonNode endpoint : rings.get(0).path("endpoints")) {
            String host = endpoint.asText().split(":")[0];
            assertThat(services.path(host).path("command").toString()).as("hashring endpoint " + endpoint)
                    .contains("--receive.local-endpoint=" + endpoint.asText());
        }
        JsonNode grafana = JSON.valueToTree(new Yaml().load(Files.readString(docker.resolve("config/grafana-datasource.yml"))));
        JsonNode ds = grafana.path("datasources").get(0);
        assertThat(ds.path("type").asText()).isEqualTo("prometheus");
        assertThat(ds.path("url").asText()).isEqualTo("http://query:10902");
        assertThat(services.has("query")).isTrue();
    }

    @Test
    void dockerfileHasAnImagePerComponentRunningIt() throws IOException {
        Map<String, List<String>> stages = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : Files.readAllLines(docker.resolve("Dockerfile"))) {
            Matcher from = Pattern.compile("FROM\\s+\\S+\\s+AS\\s+(\\S+)", Pattern.CASE_INSENSITIVE).matcher(line.trim());
            if (from.matches()) {
                current = new ArrayList<>();
                stages.put(from.group(1), current);
            } else if (current != null) {
                current.add(line.trim());
            }
            Matcher copy = Pattern.compile("COPY\\s+((?:docker|bin)/\\S+)\\s+\\S+").matcher(line.trim());
            if (copy.matches()) {
                assertThat(docker.getParent().resolve(copy.group(1))).as(line).isRegularFile();
            }
        }
        assertThat(stages).containsKeys("receive", "store", "query", "compact", "rule", "all-in-one");
        for (String component : List.of("receive", "store", "query", "compact", "rule", "all-in-one")) {
            assertThat(stages.get(component)).as(component)
                    .contains("ENTRYPOINT [\"/opt/jthanos/bin/thanos\", \"" + component + "\"]");
            assertThatCode(() -> Cli.dryRun(component, "--help")).doesNotThrowAnyException();
        }
        assertThat(stages.get("thanos")).as("runtime base").anyMatch(l -> l.equals("USER jthanos"))
                .anyMatch(l -> l.startsWith("EXPOSE") && l.contains("10902") && l.contains("10901"));
        assertThat(stages.get("receive")).anyMatch(l -> l.startsWith("EXPOSE") && l.contains("19291"));
        assertThat(stages.get("thanos")).as("the AOT cache made by the runtime image's own JVM")
                .anyMatch(l -> l.contains("aot-cache.sh java /opt/jthanos/lib /opt/jthanos/thanos.aot"));
        assertThat(Files.readString(docker.resolve("entrypoint.sh"))).contains("-XX:AOTCache=/opt/jthanos/thanos.aot")
                .contains("-XX:AOTMode=auto");
    }

    /** Host path → container path of a service's bind mounts, host paths resolved against {@code docker/}. */
    private static Map<Path, String> volumes(JsonNode service) {
        Map<Path, String> out = new LinkedHashMap<>();
        for (JsonNode v : service.path("volumes")) {
            String[] parts = v.asText().split(":");
            if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                out.put(docker.resolve(parts[0]).normalize(), parts[1]);
            }
        }
        return out;
    }

    /** {@code arg} with container paths under a bind mount replaced by the host path they mount. */
    private static String hostPaths(String arg, Map<Path, String> volumes) {
        String out = arg;
        for (Map.Entry<Path, String> v : volumes.entrySet()) {
            out = out.replace("=" + v.getValue() + "/", "=" + v.getKey() + "/");
        }
        return out;
    }
}
