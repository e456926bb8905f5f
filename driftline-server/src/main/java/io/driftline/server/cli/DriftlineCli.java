package io.driftline.server.cli;

import io.driftline.server.DriftlineServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code driftline <command>}: the single binary's entry point. */
@Command(
    name = "driftline",
    mixinStandardHelpOptions = true,
    versionProvider = DriftlineCli.Version.class,
    description = "Drift detection for services and Kubernetes clusters.",
    subcommands = {
      ServeCommand.class,
      SimulateCommand.class,
      DetectCommand.class,
      EvalCommand.class,
      DiffCommand.class,
      LoadgenCommand.class,
      ForecastCommand.class,
      BacktestCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DriftlineCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new DriftlineCli()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"driftline " + DriftlineServer.version()};
    }
  }
}
