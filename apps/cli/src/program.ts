import { Command, Option } from "commander";
import { commands } from "./commands/index.js";
import type { CliContext } from "./context.js";

/** The `trex` program with every subcommand registered; it throws instead of exiting (see run.ts). */
export function createProgram(context: CliContext): Command {
  const program = new Command("trex")
    .description(
      "TReX toolkit: Vision Transformers and BERT on simulated in-memory-computing crossbars " +
        "(attention reuse, baselines, accuracy and hardware cost).",
    )
    .version(context.version, "-V, --version", "print the trex version")
    .addOption(
      new Option(
        "--plugin <specifier>",
        "load a plugin module (package name or path) besides the configured ones; repeatable",
      ).argParser((value: string, previous: string[] = []) => [...previous, value]),
    )
    .showHelpAfterError("(run `trex --help` for usage)")
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
    })
    .exitOverride()
    .hook("preAction", (thisCommand) => {
      context.extraPlugins = thisCommand.opts<{ plugin?: string[] }>().plugin ?? [];
    });
  program.addHelpText(
    "after",
    "\nPlugins come from trex.config.json ({\"plugins\": [...]}) or package.json (\"trex\": {\"plugins\": [...]}),\n" +
      "found walking up from the current directory. Set TREX_DEBUG=1 to see stack traces.",
  );
  for (const register of commands) register(program, context);
  // Subcommands inherit output and error handling so their usage errors go the same way.
  for (const command of program.commands) {
    command.exitOverride().configureOutput(program.configureOutput()).showHelpAfterError(
      `(run \`trex ${command.name()} --help\` for usage)`,
    );
  }
  return program;
}
