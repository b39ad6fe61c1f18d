package io.alphastream.cli;

import picocli.CommandLine.Option;

/** How a command writes its output file (a picocli mixin of render, convert and generate). */
final class OutputOptions {
  @Option(names = "--force",
      description = "Replace the output file if it exists (a symbolic link: the file it points to).")
  boolean force;
}
