import ArgumentParser
import LockstepCore

@main
struct Lockstep: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lockstep",
    abstract:
      "Keeps every translation of an official public-service page in lockstep with the official page.",
    discussion: """
      Exit codes: 0 success (warnings allowed); 1 findings at error level (pull: a locale failed); \
      2 could not run (missing, malformed or hostile input, I/O failure, bad configuration); 3 pull \
      found changes; 64 bad command-line usage.
      """,
    subcommands: [
      CheckCommand.self, ExtractCommand.self, InitCommand.self, StatusCommand.self, DiffCommand.self,
      ExportCommand.self, ImportCommand.self,
      ReportCommand.self, PullCommand.self,
    ],
    defaultSubcommand: nil
  )
}

/// Runs a command body, turning a `LockstepError` into its message on stderr and its exit code.
func runReporting(_ body: () throws(LockstepError) -> Void) throws {
  do {
    try body()
  } catch {
    Console.error(error.diagnostic.description)
    throw ExitCode(error.code.rawValue)
  }
}
