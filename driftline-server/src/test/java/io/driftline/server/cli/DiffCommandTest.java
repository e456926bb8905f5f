package io.driftline.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DiffCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  private static final String DESIRED =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        replicas: 2
        template:
          spec:
            containers:
            - name: app
              image: app:1.4
              env: [{name: MODE, value: fast}]
      """;

  private static final String LIVE_SAME =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop, uid: abc, resourceVersion: "9"}
      spec:
        replicas: 2
        progressDeadlineSeconds: 600
        template:
          spec:
            containers:
            - name: app
              image: app:1.4
              imagePullPolicy: IfNotPresent
              env: [{name: MODE, value: fast}]
      status: {replicas: 2}
      """;

  private Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  private int run(String... args) {
    CommandLine cli = DriftlineCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> all = new ArrayList<>(List.of("diff"));
    all.addAll(List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }

  private JsonNode json() throws IOException {
    return new ObjectMapper().readTree(out.toString());
  }

  @Test
  void noDriftExitsZeroWithAnEmptyDifferenceList() throws IOException {
    int code =
        run(
            "--desired",
            file("d.yaml", DESIRED).toString(),
            "--live",
            file("l.yaml", LIVE_SAME).toString(),
            "--format",
            "json");
    assertThat(code).isZero();
    assertThat(json().get("drift").asBoolean()).isFalse();
    assertThat(json().get("differences")).isEmpty();
  }

  @Test
  void driftExitsOneAndReportsKeyedPaths() throws IOException {
    String live = LIVE_SAME.replace("value: fast", "value: slow");
    int code =
        run(
            "--desired",
            file("d.yaml", DESIRED).toString(),
            "--live",
            file("l.yaml", live).toString(),
            "--format",
            "json");
    assertThat(code).isEqualTo(1);
    JsonNode d = json().get("differences").get(0);
    assertThat(d.get("path").asText())
        .isEqualTo("/spec/template/spec/containers[name=app]/env[name=MODE]/value");
    assertThat(d.get("kind").asText()).isEqualTo("changed");
    assertThat(d.get("desired").asText()).isEqualTo("fast");
    assertThat(d.get("live").asText()).isEqualTo("slow");
    assertThat(d.get("resource").asText()).isEqualTo("apps/Deployment shop/web");
  }

  @Test
  void emptyLiveFileMeansTheObjectIsMissing() throws IOException {
    int code =
        run(
            "--desired",
            file("d.yaml", DESIRED).toString(),
            "--live",
            file("l.yaml", "").toString(),
            "--format",
            "json");
    assertThat(code).isEqualTo(1);
    assertThat(json().get("differences").get(0).get("path").asText()).isEqualTo("/");
  }

  @Test
  void bothFilesEmptyIsNoDrift() throws IOException {
    assertThat(
            run(
                "--desired",
                file("d.yaml", "").toString(),
                "--live",
                file("l.yaml", "\n").toString(),
                "--format",
                "json"))
        .isZero();
  }

  @Test
  void multiDocumentFilesAndDirectoriesAreMatchedByIdentity() throws IOException {
    String cm =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: %s, namespace: shop}\ndata: {k: %s}\n";
    file(
        "desired/all.yaml",
        DESIRED + "---\n" + cm.formatted("a", "1") + "---\n" + cm.formatted("b", "2"));
    file("live/1.yaml", cm.formatted("b", "2"));
    file(
        "live/2.json",
        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":\"shop\"},\"data\":{\"k\":\"9\"}}");
    file("live/3.yaml", LIVE_SAME);
    int code =
        run(
            "--desired",
            dir.resolve("desired").toString(),
            "--live",
            dir.resolve("live").toString(),
            "--format",
            "json");
    assertThat(code).isEqualTo(1);
    assertThat(json().get("differences")).hasSize(1);
    assertThat(json().get("differences").get(0).get("resource").asText())
        .isEqualTo("ConfigMap shop/a");
    assertThat(json().get("resources")).hasSize(3);
  }

  @Test
  void rulesFileSetsIgnoreDifferences() throws IOException {
    String live = LIVE_SAME.replace("replicas: 2\n  progress", "replicas: 7\n  progress");
    Path rules =
        file(
            "rules.yaml",
            """
        diffMode: auto
        ignoreDifferences:
        - group: apps
          kind: Deployment
          jsonPointers: [/spec/replicas]
        """);
    String[] args = {
      "--desired",
      file("d.yaml", DESIRED).toString(),
      "--live",
      file("l.yaml", live).toString(),
      "--format",
      "json"
    };
    assertThat(run(args)).isEqualTo(1);
    List<String> withRules = new ArrayList<>(List.of(args));
    withRules.addAll(List.of("--rules", rules.toString()));
    out.getBuffer().setLength(0);
    assertThat(run(withRules.toArray(String[]::new))).isZero();
  }

  @Test
  void secretValuesNeverReachTheOutput() throws IOException {
    String desired =
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter2}\n";
    String live =
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {password: c3dvcmRmaXNo}\n";
    assertThat(
            run(
                "--desired",
                file("d.yaml", desired).toString(),
                "--live",
                file("l.yaml", live).toString()))
        .isEqualTo(1);
    assertThat(out.toString())
        .contains("/data/password", "<secret:")
        .doesNotContain("hunter2", "c3dvcmRmaXNo", "swordfish");
  }

  @Test
  void textOutputIsAReadableDiff() throws IOException {
    String live = LIVE_SAME.replace("image: app:1.4", "image: app:2.0");
    assertThat(
            run(
                "--desired",
                file("d.yaml", DESIRED).toString(),
                "--live",
                file("l.yaml", live).toString()))
        .isEqualTo(1);
    assertThat(out.toString())
        .contains("DRIFT apps/Deployment shop/web")
        .contains(
            "~ /spec/template/spec/containers[name=app]/image: desired \"app:1.4\", live \"app:2.0\"")
        .contains("critical");
  }

  @Test
  void errorsExitTwoWithAMessageOnStderr() throws IOException {
    assertThat(
            run(
                "--desired",
                dir.resolve("missing.yaml").toString(),
                "--live",
                file("l.yaml", LIVE_SAME).toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no such file or directory");
    Path rules = file("bad-rules.yaml", "diffMod: auto\n");
    assertThat(
            run(
                "--desired",
                file("d.yaml", DESIRED).toString(),
                "--live",
                file("l.yaml", LIVE_SAME).toString(),
                "--rules",
                rules.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unknown key 'diffMod'");
    assertThat(
            run(
                "--desired",
                file("d.yaml", "kind: [unclosed").toString(),
                "--live",
                file("l.yaml", LIVE_SAME).toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("cannot parse");
  }
}
