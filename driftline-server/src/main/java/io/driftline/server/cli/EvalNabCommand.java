package io.driftline.server.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftline.detect.eval.NabCorpus;
import io.driftline.detect.eval.NabFile;
import io.driftline.detect.eval.NabProfile;
import io.driftline.detect.eval.NabScorer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code driftline eval nab}: NAB scoring of detector output, with the threshold optimised per
 * profile unless {@code --threshold} is given. Prints the same table as NAB's reference scorer.
 */
@Command(
    name = "nab",
    mixinStandardHelpOptions = true,
    description = {
      "Score anomaly_score output the way the Numenta Anomaly Benchmark does: labelled windows,",
      "scaled sigmoid, probation, one threshold for the corpus (optimised unless --threshold).",
      "--results holds the output of 'driftline detect' in the layout of --data."
    })
final class EvalNabCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, description = "data directory (category/file.csv)")
  Path data;

  @Option(
      names = "--labels",
      required = true,
      description = "windows JSON: {\"category/file.csv\": [[start, end], ...]}")
  Path labels;

  @Option(
      names = "--results",
      required = true,
      description = "detector output in the layout of --data")
  Path results;

  @Option(
      names = "--profile",
      split = ",",
      description = "standard, reward_low_FP_rate, reward_low_FN_rate (default: all three)")
  List<String> profiles;

  @Option(
      names = "--threshold",
      description = "fixed threshold instead of optimising one per profile")
  Double threshold;

  @Option(names = "--per-category", description = "also print scores per category")
  boolean perCategory;

  @Option(names = "--per-file", description = "also print scores per file")
  boolean perFile;

  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() {
    List<NabProfile> chosen = new ArrayList<>();
    for (String name :
        profiles == null
            ? List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")
            : profiles) {
      var p = NabProfile.byName(name);
      if (p.isEmpty()) {
        err.println("driftline eval nab: unknown profile '" + name + "'");
        return 2;
      }
      chosen.add(p.get());
    }
    try {
      List<NabFile> files = NabCorpus.load(data, readLabels(labels));
      Map<String, double[]> scores = NabCorpus.readScores(results, files);
      List<NabScorer.Result> res = new ArrayList<>();
      for (NabProfile p : chosen) {
        res.add(
            threshold == null
                ? NabScorer.optimise(files, scores, p)
                : NabScorer.score(files, scores, p, threshold));
      }
      print(files, res);
      return 0;
    } catch (IOException | RuntimeException e) {
      err.println("driftline eval nab: " + e.getMessage());
      return 1;
    }
  }

  static Map<String, List<NabCorpus.Window>> readLabels(Path file) throws IOException {
    Map<String, List<List<String>>> raw =
        new ObjectMapper()
            .readValue(file.toFile(), new TypeReference<Map<String, List<List<String>>>>() {});
    Map<String, List<NabCorpus.Window>> labels = new LinkedHashMap<>();
    for (var e : raw.entrySet()) {
      List<NabCorpus.Window> windows = new ArrayList<>();
      for (List<String> w : e.getValue()) {
        if (w.size() != 2)
          throw new IOException(file + ": " + e.getKey() + ": a window needs [start, end]");
        windows.add(new NabCorpus.Window(w.get(0), w.get(1)));
      }
      labels.put(e.getKey(), windows);
    }
    return labels;
  }

  private void print(List<NabFile> files, List<NabScorer.Result> res) {
    int windows =
        files.stream().mapToInt(f -> (int) res.get(0).perFile().get(f.path()).perfect()).sum();
    out.printf("files=%d  windows=%d  results=%s%n", files.size(), windows, results);
    out.printf(
        "%-20s %12s %10s %9s %9s %11s %8s %8s%n",
        "profile", "threshold", "raw", "null", "perfect", "NORMALIZED", "win_hit", "fp_rows");
    for (NabScorer.Result r : res) {
      var t = r.total();
      out.printf(
          "%-20s %12.6g %10.4f %9.2f %9.2f %11.4f %4d/%-3d %8d%n",
          r.profile().name(),
          r.threshold(),
          t.raw(),
          t.nullScore(),
          t.perfect(),
          t.normalized(),
          t.windowsHit(),
          t.windowsCounted(),
          t.fpRows());
    }
    for (NabScorer.Result r : res) {
      if (perCategory) group("per category", r, r.perCategory());
      if (perFile) group("per file", r, r.perFile());
    }
  }

  private void group(String title, NabScorer.Result r, Map<String, NabScorer.Totals> totals) {
    out.printf(
        "%n[%s] %s (same threshold; NaN = no windows, see raw)%n", r.profile().name(), title);
    for (var e : totals.entrySet()) {
      var t = e.getValue();
      out.printf(
          "  %-60s files=%2d raw=%9.4f norm=%8.2f win_hit=%d/%d fp_rows=%d%n",
          e.getKey(),
          t.files(),
          t.raw(),
          t.normalized(),
          t.windowsHit(),
          t.windowsCounted(),
          t.fpRows());
    }
  }
}
