package io.driftline.server.cli;

import io.driftline.config.DiffOptions;
import io.driftline.config.ManifestDiffer;
import io.driftline.config.SecretMasker;
import io.driftline.server.configdrift.DiffReport;
import io.driftline.server.configdrift.DiffRules;
import io.driftline.server.configdrift.ManifestFiles;
import io.driftline.server.configdrift.ManifestPairs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code driftline diff}: compares desired Kubernetes manifests with live objects. Exit 0 without
 * drift, 1 with drift, 2 on an error (message on stderr).
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Compare desired Kubernetes manifests with live objects and report configuration drift.",
      "Files may hold several YAML documents; directories are read recursively. Objects are",
      "matched by API group, kind, namespace and name. An empty file means absent on that side.",
      "Exit status: 0 no drift, 1 drift, 2 error."
    })
final class DiffCommand implements Callable<Integer> {
  enum Format {
    JSON,
    TEXT
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--desired",
      required = true,
      description = "desired manifests: a file or a directory")
  Path desired;

  @Option(names = "--live", required = true, description = "live objects: a file or a directory")
  Path live;

  @Option(
      names = "--predicted-live",
      description = "server-side dry-run result of applying the desired objects")
  Path predictedLive;

  @Option(
      names = "--rules",
      description =
          "YAML/JSON rules: diffMode, manager, ignoreMutationWebhook, ignoreDifferences, ...")
  Path rules;

  @Option(
      names = "--format",
      defaultValue = "TEXT",
      description = "JSON or TEXT (default ${DEFAULT-VALUE})")
  Format format;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    DiffReport report;
    try {
      report = run();
    } catch (IOException | IllegalArgumentException e) {
      err.println("driftline diff: " + e.getMessage());
      err.flush();
      return 2;
    } catch (RuntimeException e) {
      err.println("driftline diff: internal error: " + e);
      err.flush();
      return 2;
    }
    out.print(format == Format.JSON ? report.toJson() + System.lineSeparator() : report.toText());
    out.flush();
    return report.drift() ? 1 : 0;
  }

  private DiffReport run() throws IOException {
    DiffOptions options = rules == null ? DiffOptions.defaults() : DiffRules.read(rules);
    List<Map<String, Object>> predicted =
        predictedLive == null ? List.of() : ManifestFiles.read(predictedLive);
    var pairs =
        ManifestPairs.match(ManifestFiles.read(desired), ManifestFiles.read(live), predicted);
    var differ = new ManifestDiffer(options, SecretMasker.random());
    List<DiffReport.Entry> entries = new ArrayList<>();
    for (var pair : pairs) {
      entries.add(
          new DiffReport.Entry(
              pair.id(), differ.diff(pair.desired(), pair.live(), pair.predicted())));
    }
    return new DiffReport(entries);
  }
}
