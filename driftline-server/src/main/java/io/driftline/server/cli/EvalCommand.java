package io.driftline.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code driftline eval <benchmark>}: scores detector output against labelled data. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Score a detector's output against labelled data.",
    subcommands = {EvalNabCommand.class})
final class EvalCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "a benchmark is required, e.g. 'eval nab'");
  }
}
