package io.alphastream.cli;

import io.alphastream.InvalidArgumentException;
import io.alphastream.source.StreamFile;
import io.alphastream.format.StreamFormat;
import io.alphastream.format.StreamReader;
import io.alphastream.format.StreamWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code convert IN OUT}: ASVR to ASVP, ASVP to ASVR (or re-key ASVR to ASVR), by the extension of OUT.
 * Frame blocks are copied as they are, decrypted and re-encrypted as needed: payloads are not
 * re-compressed (FORMAT.md section 8, last paragraph). Every frame is decoded once on the way to check
 * it (V12-V20), so a corrupt input or a wrong key is reported instead of copied.
 *
 * <p>Key options: {@code --scene-id/--salt-version/--salt-name/--passphrase-file/--passphrase-env} describe OUT when OUT is
 * ASVR, and IN as well unless the matching {@code --in-*} option is given. So when only one side is
 * encrypted the plain options describe that side; the {@code --in-*} options are needed only to
 * re-key one ASVR file into another. The salt name of each side defaults to its own file name.
 */
@Command(name = "convert", description = "Convert between ASVP and ASVR (by the extension of OUT),"
    + " copying frame blocks without re-encoding them.",
    footer = {"", "--scene-id, --salt-version, --salt-name and --passphrase-file/--passphrase-env describe OUT when OUT is .asvr,"
        + " and IN as well unless the matching --in-* option is given. Each side's salt name defaults"
        + " to its own file name."})
final class ConvertCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin KeyOptions key;
  @Mixin SourceOptions sourceOptions;
  @Mixin OutputOptions outputOptions;

  @Parameters(index = "0", paramLabel = "IN", description = "Input: file path, file: URL, http(s):// URL or sample:demo.")
  String in;

  @Parameters(index = "1", paramLabel = "OUT", description = "Output file, .asvp or .asvr.")
  Path out;

  @Option(names = "--in-scene-id", paramLabel = "ID", description = "ASVR input: scene id (default: --scene-id).")
  Long inSceneId;

  @Option(names = "--in-salt-version", paramLabel = "V", description = "ASVR input: version (default: --salt-version).")
  String inVersion;

  @Option(names = "--in-salt-name", paramLabel = "NAME",
      description = "ASVR input: salt name (default: --salt-name, else the file name of IN).")
  String inName;

  @Option(names = "--in-passphrase-file", paramLabel = "PATH",
      description = "ASVR input: passphrase file (default: --passphrase-file, else env "
          + Main.PASSPHRASE_ENV + ").")
  Path inPassphraseFile;

  @Override
  public Integer call() throws Exception {
    boolean asvrOut = Outputs.hasExtension(out, ".asvr");
    if (!asvrOut && !Outputs.hasExtension(out, ".asvp")) {
      throw new InvalidArgumentException("OUT must end with .asvp or .asvr: " + out);
    }
    Outputs.Target target = Outputs.target(out, outputOptions.force);
    Long sceneId = inSceneId != null ? KeyOptions.checkSceneId("--in-scene-id", inSceneId) : key.sceneId();
    try (StreamFile input = Sources.openStream(in, sceneId, inVersion != null ? inVersion : key.version,
        inName != null ? inName : key.name, inPassphraseFile != null ? inPassphraseFile : key.passphraseFile,
        key.passphraseEnv, sourceOptions, main.env)) {
      int frames = input.frameCount();
      byte[] writeKey = asvrOut ? key.writeKey(out.toString(), main.env) : null;
      try {
        Progress progress = new Progress(main.err, "convert", frames);
        Outputs.write(target, stream -> {
          try (StreamWriter writer = asvrOut ? StreamWriter.asvr(stream, writeKey) : StreamWriter.asvp(stream)) {
            StreamReader reader = input.reader();
            for (int i = 0; i < frames; i++) {
              byte[] stored = input.block(i);
              // decode once to check V12-V20: a corrupt or wrongly keyed frame stops the conversion
              reader.decodeFrame(input.index(), i, stored, 0, stored.length);
              writer.addBlock(reader.plainBlock(input.index(), i, stored, 0, stored.length));
              progress.update(i + 1);
            }
            writer.finish();
          }
        });
      } finally {
        if (writeKey != null) {
          Arrays.fill(writeKey, (byte) 0);
        }
      }
      StreamFormat from = input.index().format();
      main.out.printf("%s: %d frames, %s -> %s, %d bytes%n", out, frames, from,
          asvrOut ? "ASVR" : "ASVP", Files.size(target.file()));
    }
    return ExitCode.OK;
  }
}
