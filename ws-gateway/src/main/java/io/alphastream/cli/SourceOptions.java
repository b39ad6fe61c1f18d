package io.alphastream.cli;

import picocli.CommandLine.Option;

/**
 * How a command reaches its SOURCE (a picocli mixin of the commands that read one). Only https needs a
 * choice today: whether to check the server's certificate.
 */
public final class SourceOptions {
  @Option(names = "--insecure",
      description = "https: accept any server certificate, e.g. a self-signed test server."
          + " The connection is still encrypted but not authenticated.")
  boolean insecure;
}
