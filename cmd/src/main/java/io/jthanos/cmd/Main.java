package io.jthanos.cmd;

import io.jthanos.cmd.cli.Cli;
import java.io.PrintWriter;

/** Entry point of {@code bin/thanos}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int exitCode = Cli.execute(args, out, err);
    out.flush();
    err.flush();
    System.exit(exitCode);
  }
}
