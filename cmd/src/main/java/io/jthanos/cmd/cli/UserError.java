package io.jthanos.cmd.cli;

/**
 * A mistake the user can fix (bad flag combination, missing file, invalid config). The CLI prints
 * its message as one line on stderr, without a stack trace, and exits 1.
 */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
