/// The JSON report (`lockstep-report.json`): the `CheckReport` itself, as `schemas/report.schema.json`
/// describes it, with sorted keys. `lockstep report --input` reads it back.
public struct JSONReporter: Reporter {
  /// A JSON reporter.
  public init() {}

  /// `lockstep-report.json`.
  public var fileName: String { "lockstep-report.json" }

  /// The report as pretty JSON with sorted keys.
  public func render(_ report: CheckReport) throws(LockstepError) -> String {
    try Serialization.json(report)
  }
}
