/// JUnit XML (`lockstep-junit.xml`) for CI test dashboards: one `<testsuite>` per locale of a page,
/// one `<testcase>` per contact, permit rule and enumeration, and one per unit (or other check) with
/// errors. Errors are failures; warnings and waived findings are `<system-out>` lines.
public struct JUnitReporter: Reporter {
  /// A JUnit reporter.
  public init() {}

  /// `lockstep-junit.xml`.
  public var fileName: String { "lockstep-junit.xml" }

  /// One test case: its name and the errors that fail it.
  struct TestCase {
    var name: String
    var failures: [CheckReport.Finding]
  }

  /// The report as JUnit XML.
  public func render(_ report: CheckReport) throws(LockstepError) -> String {
    var suites: [(group: LocaleGroup, cases: [TestCase])] = []
    for group in report.localeGroups { suites.append((group, Self.testCases(group))) }
    let tests = suites.reduce(0) { $0 + $1.cases.count }
    let failures = suites.reduce(0) { $0 + $1.cases.filter { !$0.failures.isEmpty }.count }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<testsuites name=\"lockstep check\" tests=\"\(tests)\" failures=\"\(failures)\""
      + " errors=\"0\" skipped=\"0\">\n"
    for (group, cases) in suites {
      let classname = Self.attribute(
        (group.page.isEmpty ? "repository" : group.page) + (group.locale.isEmpty ? "" : "." + group.locale))
      let failing = cases.filter { !$0.failures.isEmpty }.count
      out +=
        "  <testsuite name=\"\(Self.attribute(group.title))\" tests=\"\(cases.count)\""
        + " failures=\"\(failing)\""
        + " errors=\"0\" skipped=\"0\">\n"
      for testCase in cases {
        out += "    <testcase classname=\"\(classname)\" name=\"\(Self.attribute(testCase.name))\""
        guard let first = testCase.failures.first else {
          out += "/>\n"
          continue
        }
        var message = first.message
        if testCase.failures.count > 1 { message += " (and \(testCase.failures.count - 1) more)" }
        out += ">\n"
        out += "      <failure message=\"\(Self.attribute(message))\" type=\"\(Self.attribute(first.rule))\">"
        out += ReportEscaping.xml(testCase.failures.map(ReportText.line).joined(separator: "\n"))
        out += "</failure>\n"
        out += "    </testcase>\n"
      }
      let notes = group.findings.filter { $0.severity != .error || $0.waiver != nil }
      if !notes.isEmpty {
        out += "    <system-out>"
        out += ReportEscaping.xml(notes.map(ReportText.line).joined(separator: "\n"))
        out += "</system-out>\n"
      }
      out += "  </testsuite>\n"
    }
    out += "</testsuites>\n"
    return out
  }

  private static func attribute(_ text: String) -> String { ReportEscaping.xml(text, attribute: true) }

  /// A group's test cases: its contacts, permit rules and enumerations (passing or failing), then a
  /// case per unit, and per other rule, that has errors.
  static func testCases(_ group: LocaleGroup) -> [TestCase] {
    var errors = group.errors
    var cases: [TestCase] = []
    func take(_ matches: (CheckReport.Finding) -> Bool) -> [CheckReport.Finding] {
      let taken = errors.filter(matches)
      errors.removeAll(where: matches)
      return taken
    }
    if let result = group.result {
      for subject in result.subjects {
        let failures = take { $0.subject == subject.id && $0.rule != "enumeration-incomplete" }
        cases.append(TestCase(name: "\(subject.kind.rawValue) \(subject.id)", failures: failures))
      }
      for enumeration in result.enumerations {
        let failures = take { $0.subject == enumeration.id && $0.rule == "enumeration-incomplete" }
        cases.append(TestCase(name: "enumeration \(enumeration.id)", failures: failures))
      }
    }
    var units: [String] = []
    var rules: [String] = []
    for finding in errors {
      if let unit = finding.unit {
        if !units.contains(unit) { units.append(unit) }
      } else if !rules.contains(finding.rule) {
        rules.append(finding.rule)
      }
    }
    for unit in units {
      cases.append(TestCase(name: "unit \(unit)", failures: take { $0.unit == unit }))
    }
    for rule in rules {
      cases.append(TestCase(name: rule, failures: take { $0.unit == nil && $0.rule == rule }))
    }
    return cases
  }
}
