/// GitHub Actions workflow commands (`github-annotations.txt`): one `::error`, `::warning` or
/// `::notice` line per finding, which the runner shows as an annotation on the file and line. A
/// waived finding is a notice. Every value is escaped by the workflow-command rules.
public struct GitHubReporter: Reporter {
  /// A GitHub annotations reporter.
  public init() {}

  /// `github-annotations.txt`.
  public var fileName: String { "github-annotations.txt" }

  /// One workflow command per finding, in report order.
  public func render(_ report: CheckReport) throws(LockstepError) -> String {
    report.findings.map { Self.command($0) + "\n" }.joined()
  }

  /// The workflow command for one finding.
  static func command(_ finding: CheckReport.Finding) -> String {
    let command: String
    switch finding.severity {
    case _ where finding.waiver != nil: command = "notice"
    case .error: command = "error"
    case .warning: command = "warning"
    case .note: command = "notice"
    }
    var properties: [(String, String)] = []
    if !finding.file.isEmpty {
      properties.append(("file", finding.file))
      if finding.line > 0 {
        properties.append(("line", "\(finding.line)"))
        if finding.column > 0 { properties.append(("col", "\(finding.column)")) }
      }
    }
    let place = finding.locale
    properties.append(("title", "lockstep \(finding.rule)" + (place.isEmpty ? "" : " (\(place))")))
    var message = finding.message
    if let waiver = finding.waiver { message += " (waived: \(waiver))" }
    let list = properties.map { "\($0.0)=\(ReportEscaping.workflowProperty($0.1))" }.joined(separator: ",")
    return "::\(command) \(list)::\(ReportEscaping.workflowData(message))"
  }
}
