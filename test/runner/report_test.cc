// Tests for the result counters and the three reports: terminal, JUnit XML (checked for
// well-formedness by a small parser below) and JSON.
#include "runner/report.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "kube/object.h"
#include "runner/diff.h"
#include "runner/result.h"

namespace runner {
namespace {

ScenarioResult MakeResult(std::string id, std::string profile, Outcome outcome) {
  ScenarioResult result;
  result.id = id;
  result.title = "Scenario " + id;
  result.file = "scenarios/" + id + ".yaml";
  result.profile = std::move(profile);
  result.spec_section = "default-backup.md#2";
  result.outcome = outcome;
  result.seed = 42;
  result.seconds = 0.25;
  result.writes = 3;
  result.replay_command = "stashsim run --id " + id + " --seed 42";
  return result;
}

Failure RepositoryMismatch() {
  Failure failure;
  failure.step = "step 1 (apply the deployment)";
  failure.message = "Repository demo/deployment-stash-demo does not match";
  failure.path = "/spec/backend/gcs/bucket";
  failure.location = "scenarios/DB-0002.yaml:23";
  failure.diff = UnifiedDiff("bucket: a\n", "bucket: b\n");
  return failure;
}

// Two profiles; every outcome once in "stash-template", two passes in "auto-backup".
RunSummary SampleSummary() {
  RunSummary summary;
  summary.implementation = "reference";
  summary.seconds = 1.5;
  summary.results.push_back(MakeResult("DB-0001", "stash-template", Outcome::kPassed));

  ScenarioResult failed = MakeResult("DB-0002", "stash-template", Outcome::kFailed);
  failed.failures.push_back(RepositoryMismatch());
  Failure hostile;
  hostile.step = "invariant: idempotence";
  hostile.message = "\x1b[31mresync wrote\x1b[0m <2> objects & \"more\" 'x'\x01\x7f";
  failed.failures.push_back(hostile);
  summary.results.push_back(failed);

  ScenarioResult expected_failure =
      MakeResult("DB-0003", "stash-template", Outcome::kExpectedFailure);
  expected_failure.expected_failure_reason = "issue #12: events not recorded";
  expected_failure.failures.push_back(RepositoryMismatch());
  summary.results.push_back(expected_failure);

  ScenarioResult unexpected_pass =
      MakeResult("DB-0004", "stash-template", Outcome::kUnexpectedPass);
  unexpected_pass.expected_failure_reason = "issue #13";
  summary.results.push_back(unexpected_pass);

  ScenarioResult skipped = MakeResult("DB-0005", "stash-template", Outcome::kSkipped);
  skipped.skip_reason = "needs feature restic-v2";
  summary.results.push_back(skipped);

  ScenarioResult error = MakeResult("DB-0006", "stash-template", Outcome::kError);
  Failure bad_input;
  bad_input.step = "load";
  bad_input.message = "fixtures/missing.yaml: no such file";
  error.failures.push_back(bad_input);
  summary.results.push_back(error);

  summary.results.push_back(MakeResult("AB-0001", "auto-backup", Outcome::kPassed));
  summary.results.push_back(MakeResult("AB-0002", "auto-backup", Outcome::kPassed));
  return summary;
}

TEST(ReportSummaryTest, OutcomeNames) {
  EXPECT_EQ(OutcomeName(Outcome::kPassed), "passed");
  EXPECT_EQ(OutcomeName(Outcome::kFailed), "failed");
  EXPECT_EQ(OutcomeName(Outcome::kExpectedFailure), "expected-failure");
  EXPECT_EQ(OutcomeName(Outcome::kUnexpectedPass), "unexpected-pass");
  EXPECT_EQ(OutcomeName(Outcome::kSkipped), "skipped");
  EXPECT_EQ(OutcomeName(Outcome::kError), "error");
}

TEST(ReportSummaryTest, CountsAndOk) {
  RunSummary summary = SampleSummary();
  EXPECT_EQ(summary.Count(Outcome::kPassed), 3);
  EXPECT_EQ(summary.CountFor("stash-template", Outcome::kPassed), 1);
  EXPECT_EQ(summary.CountFor("auto-backup", Outcome::kPassed), 2);
  EXPECT_EQ(summary.CountFor("auto-backup", Outcome::kFailed), 0);
  EXPECT_FALSE(summary.Ok());

  RunSummary clean;
  clean.results.push_back(MakeResult("A", "p", Outcome::kPassed));
  clean.results.push_back(MakeResult("B", "p", Outcome::kExpectedFailure));
  clean.results.push_back(MakeResult("C", "p", Outcome::kSkipped));
  EXPECT_TRUE(clean.Ok());
  clean.results.push_back(MakeResult("D", "p", Outcome::kUnexpectedPass));
  EXPECT_FALSE(clean.Ok());
}

std::string Terminal(const RunSummary& summary, bool colour, bool verbose) {
  std::ostringstream out;
  WriteTerminalReport(summary, out, colour, verbose);
  return out.str();
}

TEST(ReportTerminalTest, ShowsFailuresWithPathDiffAndReplay) {
  std::string report = Terminal(SampleSummary(), false, false);
  EXPECT_NE(report.find("FAIL  DB-0002 Scenario DB-0002  [stash-template]  "
                        "scenarios/DB-0002.yaml"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("step 1 (apply the deployment)"), std::string::npos);
  EXPECT_NE(report.find("path:     /spec/backend/gcs/bucket"), std::string::npos);
  EXPECT_NE(report.find("location: scenarios/DB-0002.yaml:23"), std::string::npos);
  EXPECT_NE(report.find("-bucket: a\n"), std::string::npos);
  EXPECT_NE(report.find("+bucket: b\n"), std::string::npos);
  EXPECT_NE(report.find("replay: stashsim run --id DB-0002 --seed 42"), std::string::npos);
  EXPECT_NE(report.find("XPASS DB-0004"), std::string::npos);
  EXPECT_NE(report.find("ERROR DB-0006"), std::string::npos);
  EXPECT_NE(report.find("fixtures/missing.yaml: no such file"), std::string::npos);
  EXPECT_NE(report.find("resync wrote <2> objects & \"more\" 'x'\n"), std::string::npos);
  EXPECT_EQ(report.find('\x1b'), std::string::npos);
  EXPECT_EQ(report.find('\x01'), std::string::npos);
}

TEST(ReportTerminalTest, PassesOnlyWhenVerbose) {
  EXPECT_EQ(Terminal(SampleSummary(), false, false).find("DB-0001"), std::string::npos);
  std::string verbose = Terminal(SampleSummary(), false, true);
  EXPECT_NE(verbose.find("PASS  DB-0001"), std::string::npos);
  EXPECT_NE(verbose.find("XFAIL DB-0003"), std::string::npos);
  EXPECT_NE(verbose.find("expected failure: issue #12: events not recorded"), std::string::npos);
  EXPECT_NE(verbose.find("skipped: needs feature restic-v2"), std::string::npos);
}

TEST(ReportTerminalTest, SummarisesPerProfile) {
  std::string report = Terminal(SampleSummary(), false, false);
  size_t summary = report.find("Conformance summary (implementation: reference)");
  ASSERT_NE(summary, std::string::npos) << report;
  EXPECT_NE(report.find("profile         passed  failed  expected failures  unexpected passes"
                        "  skipped  errors   seconds"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("  auto-backup          2       0                  0                  0"
                        "        0       0     0.500\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("  stash-template       1       1                  1                  1"
                        "        1       1     1.500\n"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("  total                3       1"), std::string::npos) << report;
  EXPECT_NE(report.find("FAILED: 8 scenario results, 1 failed, 1 unexpected passes, 1 errors; "
                        "wall time 1.500s"),
            std::string::npos)
      << report;
}

TEST(ReportTerminalTest, ColoursDiffLines) {
  std::string report = Terminal(SampleSummary(), true, false);
  EXPECT_NE(report.find("\x1b[31m-bucket: a\x1b[0m"), std::string::npos) << report;
  EXPECT_NE(report.find("\x1b[32m+bucket: b\x1b[0m"), std::string::npos) << report;
  EXPECT_NE(report.find("\x1b[1m--- expected\x1b[0m"), std::string::npos) << report;
}

TEST(ReportTerminalTest, StripsTerminalControls) {
  EXPECT_EQ(WithoutTerminalControls("a\x1b[1;31mb\x1b[0m\x1b]0;title\x07"
                                    "c\rd\x7f\xc2\x9b\te\n"),
            "abcd\te\n");
  EXPECT_EQ(WithoutTerminalControls("caf\xc3\xa9 \xe2\x82\xac"), "caf\xc3\xa9 \xe2\x82\xac");
}

TEST(ReportTerminalTest, CleanRunSaysOk) {
  RunSummary summary;
  summary.results.push_back(MakeResult("A", "p", Outcome::kPassed));
  std::string report = Terminal(summary, false, false);
  EXPECT_NE(report.find("No failures."), std::string::npos);
  EXPECT_NE(report.find("OK: 1 scenario results"), std::string::npos) << report;
}

// A deliberately small XML parser: enough to check that the JUnit output is well-formed
// (balanced tags, quoted and escaped attributes, only known entities, only legal characters)
// and to read elements back.
struct XmlElement {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;
  std::vector<XmlElement> children;
  std::vector<const XmlElement*> All(std::string_view element_name) const {
    std::vector<const XmlElement*> found;
    for (const XmlElement& child : children) {
      if (child.name == element_name) found.push_back(&child);
      for (const XmlElement* nested : child.All(element_name)) found.push_back(nested);
    }
    return found;
  }
};

class XmlChecker {
 public:
  explicit XmlChecker(std::string_view xml) : xml_(xml) {}

  // The root element, or nothing with error() set.
  std::optional<XmlElement> Parse() {
    for (unsigned char c : xml_) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return Fail("control character");
    }
    if (!xml_.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")) {
      return Fail("missing declaration");
    }
    pos_ = xml_.find('\n') + 1;
    XmlElement root;
    if (!ParseElement(&root)) return std::nullopt;
    SkipWhitespace();
    if (pos_ != xml_.size()) return Fail("content after the root element");
    return root;
  }
  const std::string& error() const { return error_; }

 private:
  std::nullopt_t Fail(std::string message) {
    if (error_.empty()) error_ = message + " at offset " + std::to_string(pos_);
    return std::nullopt;
  }
  bool FailBool(std::string message) {
    Fail(std::move(message));
    return false;
  }
  void SkipWhitespace() {
    while (pos_ < xml_.size() &&
           std::string_view(" \t\r\n").find(xml_[pos_]) != std::string::npos) {
      ++pos_;
    }
  }
  std::string ParseName() {
    size_t start = pos_;
    while (pos_ < xml_.size() && (std::isalnum(static_cast<unsigned char>(xml_[pos_])) ||
                                  xml_[pos_] == '-' || xml_[pos_] == '_' || xml_[pos_] == ':')) {
      ++pos_;
    }
    return std::string(xml_.substr(start, pos_ - start));
  }
  // Resolves entities in raw text; false on '<' or an unknown or unterminated entity.
  bool Unescape(std::string_view raw, std::string* out) {
    static const std::map<std::string, std::string, std::less<>> kEntities = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '<') return FailBool("raw '<' in text");
      if (raw[i] != '&') {
        out->push_back(raw[i]);
        continue;
      }
      size_t end = raw.find(';', i);
      if (end == std::string_view::npos) return FailBool("unterminated entity");
      std::string_view entity = raw.substr(i + 1, end - i - 1);
      if (auto it = kEntities.find(entity); it != kEntities.end()) {
        out->append(it->second);
      } else if (entity.size() > 1 && entity[0] == '#' &&
                 entity.find_first_not_of("0123456789", 1) == std::string_view::npos) {
        out->push_back(static_cast<char>(std::stoi(std::string(entity.substr(1)))));
      } else {
        return FailBool("unknown entity &" + std::string(entity) + ";");
      }
      i = end;
    }
    return true;
  }
  bool ParseAttributes(XmlElement* element) {
    while (true) {
      SkipWhitespace();
      if (pos_ >= xml_.size()) return FailBool("unterminated tag");
      if (xml_[pos_] == '>' || xml_[pos_] == '/') return true;
      std::string name = ParseName();
      if (name.empty() || xml_.substr(pos_, 2) != "=\"") return FailBool("bad attribute");
      pos_ += 2;
      size_t end = xml_.find('"', pos_);
      if (end == std::string_view::npos) return FailBool("unterminated attribute");
      std::string value;
      if (!Unescape(xml_.substr(pos_, end - pos_), &value)) return false;
      if (!element->attributes.emplace(name, value).second) return FailBool("repeated attribute");
      pos_ = end + 1;
    }
  }
  bool ParseElement(XmlElement* element) {
    SkipWhitespace();
    if (xml_.substr(pos_, 1) != "<") return FailBool("expected '<'");
    ++pos_;
    element->name = ParseName();
    if (element->name.empty()) return FailBool("missing element name");
    if (!ParseAttributes(element)) return false;
    if (xml_.substr(pos_, 2) == "/>") {
      pos_ += 2;
      return true;
    }
    ++pos_;  // '>'
    while (true) {
      size_t next = xml_.find('<', pos_);
      if (next == std::string_view::npos) return FailBool("unclosed <" + element->name + ">");
      if (!Unescape(xml_.substr(pos_, next - pos_), &element->text)) return false;
      pos_ = next;
      if (xml_.substr(pos_, 2) == "</") {
        pos_ += 2;
        if (ParseName() != element->name || xml_.substr(pos_, 1) != ">") {
          return FailBool("mismatched end tag for <" + element->name + ">");
        }
        ++pos_;
        return true;
      }
      XmlElement child;
      if (!ParseElement(&child)) return false;
      element->children.push_back(std::move(child));
    }
  }

  std::string_view xml_;
  size_t pos_ = 0;
  std::string error_;
};

std::string Junit(const RunSummary& summary) {
  std::ostringstream out;
  WriteJunitReport(summary, out);
  return out.str();
}

TEST(JunitReportTest, CheckerRejectsMalformedXml) {
  const std::string declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  EXPECT_FALSE(XmlChecker(declaration + "<a><b></a>").Parse());
  EXPECT_FALSE(XmlChecker(declaration + "<a x=\"<\"/>").Parse());
  EXPECT_FALSE(XmlChecker(declaration + "<a>&bogus;</a>").Parse());
  EXPECT_FALSE(XmlChecker(declaration + "<a>\x1b[0m</a>").Parse());
  EXPECT_TRUE(XmlChecker(declaration + "<a x=\"&lt;&#10;\"><b/>t &amp; u</a>\n").Parse());
}

TEST(JunitReportTest, IsWellFormedWithMatchingCounts) {
  std::string xml = Junit(SampleSummary());
  XmlChecker checker(xml);
  std::optional<XmlElement> root = checker.Parse();
  ASSERT_TRUE(root) << checker.error() << "\n" << xml;
  EXPECT_EQ(root->name, "testsuites");
  EXPECT_EQ(root->attributes.at("tests"), "8");
  EXPECT_EQ(root->attributes.at("failures"), "2");
  EXPECT_EQ(root->attributes.at("errors"), "1");
  // Common JUnit schemas reject `skipped` on <testsuites>; it stays on each <testsuite>.
  EXPECT_EQ(root->attributes.count("skipped"), 0u);
  EXPECT_EQ(root->attributes.at("time"), "1.500");

  std::vector<const XmlElement*> suites = root->All("testsuite");
  ASSERT_EQ(suites.size(), 2u);
  EXPECT_EQ(suites[0]->attributes.at("name"), "stashsim.auto-backup");
  EXPECT_EQ(suites[0]->attributes.at("tests"), "2");
  EXPECT_EQ(suites[0]->attributes.at("failures"), "0");
  EXPECT_EQ(suites[0]->attributes.at("time"), "0.500");
  EXPECT_EQ(suites[1]->attributes.at("name"), "stashsim.stash-template");
  EXPECT_EQ(suites[1]->attributes.at("tests"), "6");
  EXPECT_EQ(suites[1]->attributes.at("failures"), "2");
  EXPECT_EQ(suites[1]->attributes.at("errors"), "1");
  EXPECT_EQ(suites[1]->attributes.at("skipped"), "2");
  EXPECT_EQ(suites[1]->All("testcase").size(), 6u);
  EXPECT_EQ(root->All("failure").size(), 2u);
  EXPECT_EQ(root->All("error").size(), 1u);
  EXPECT_EQ(root->All("skipped").size(), 2u);
}

TEST(JunitReportTest, TestcasesCarryNamesAndFailureDetails) {
  std::string xml = Junit(SampleSummary());
  XmlChecker checker(xml);
  std::optional<XmlElement> root = checker.Parse();
  ASSERT_TRUE(root) << checker.error();
  const XmlElement* failed = nullptr;
  for (const XmlElement* testcase : root->All("testcase")) {
    if (testcase->attributes.at("name") == "DB-0002 Scenario DB-0002") failed = testcase;
  }
  ASSERT_NE(failed, nullptr);
  EXPECT_EQ(failed->attributes.at("classname"), "stashsim.stash-template.default-backup_md_2");
  EXPECT_EQ(failed->attributes.at("time"), "0.250");
  std::vector<const XmlElement*> failures = failed->All("failure");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0]->attributes.at("type"), "failed");
  EXPECT_EQ(failures[0]->attributes.at("message"),
            "Repository demo/deployment-stash-demo does not match (and 1 more)");
  const std::string& text = failures[0]->text;
  EXPECT_NE(text.find("step 1 (apply the deployment)\n"), std::string::npos);
  EXPECT_NE(text.find("path: /spec/backend/gcs/bucket\n"), std::string::npos);
  EXPECT_NE(text.find("-bucket: a\n+bucket: b\n"), std::string::npos);
  EXPECT_NE(text.find("replay: stashsim run --id DB-0002 --seed 42"), std::string::npos);
}

TEST(JunitReportTest, EscapesMarkupAndStripsAnsiAndControlCharacters) {
  std::string xml = Junit(SampleSummary());
  EXPECT_EQ(xml.find('\x1b'), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find('\x7f'), std::string::npos);
  EXPECT_NE(xml.find("resync wrote &lt;2&gt; objects &amp; &quot;more&quot; &apos;x&apos;\n"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("[31m"), std::string::npos);
}

TEST(JunitReportTest, SanitisesAttributesAndInvalidUtf8) {
  RunSummary summary;
  ScenarioResult result = MakeResult("X-1", "p", Outcome::kFailed);
  Failure failure;
  failure.message = "line one\nline \x1b[1mtwo\x1b[0m <b> \xff\xc3\x28 \xe2\x82\xac \x0b";
  result.failures.push_back(failure);
  summary.results.push_back(result);
  std::string xml = Junit(summary);
  XmlChecker checker(xml);
  std::optional<XmlElement> root = checker.Parse();
  ASSERT_TRUE(root) << checker.error() << "\n" << xml;
  std::vector<const XmlElement*> failures = root->All("failure");
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0]->attributes.at("message"),
            "line one\nline two <b> \xef\xbf\xbd\xef\xbf\xbd( \xe2\x82\xac ");
}

TEST(JunitReportTest, ExpectedFailuresAndSkipsAreSkipped) {
  std::string xml = Junit(SampleSummary());
  XmlChecker checker(xml);
  std::optional<XmlElement> root = checker.Parse();
  ASSERT_TRUE(root) << checker.error();
  std::vector<const XmlElement*> skipped = root->All("skipped");
  ASSERT_EQ(skipped.size(), 2u);
  EXPECT_EQ(skipped[0]->attributes.at("message"),
            "expected failure: issue #12: events not recorded");
  EXPECT_NE(skipped[0]->text.find("/spec/backend/gcs/bucket"), std::string::npos);
  EXPECT_EQ(skipped[1]->attributes.at("message"), "skipped: needs feature restic-v2");
  std::vector<const XmlElement*> failures = root->All("failure");
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[1]->attributes.at("type"), "unexpected-pass");
  EXPECT_EQ(failures[1]->attributes.at("message"), "unexpected pass: expected to fail: issue #13");
}

TEST(JunitReportTest, EmptyRunIsWellFormed) {
  std::string xml = Junit(RunSummary{});
  XmlChecker checker(xml);
  std::optional<XmlElement> root = checker.Parse();
  ASSERT_TRUE(root) << checker.error() << "\n" << xml;
  EXPECT_EQ(root->attributes.at("tests"), "0");
}

kube::Json JsonReport(const RunSummary& summary) {
  std::ostringstream out;
  WriteJsonReport(summary, out);
  return kube::Json::parse(out.str(), nullptr, /*allow_exceptions=*/false);
}

TEST(JsonReportTest, HasTheDocumentedTopLevelFields) {
  kube::Json report = JsonReport(SampleSummary());
  ASSERT_TRUE(report.is_object()) << report;
  EXPECT_EQ(report["formatVersion"], 1);
  EXPECT_EQ(report["implementation"], "reference");
  EXPECT_EQ(report["seconds"], 1.5);
  EXPECT_EQ(report["ok"], false);
  EXPECT_EQ(report["summary"], kube::Json::parse(R"({
    "auto-backup": {"passed": 2, "failed": 0, "expectedFailures": 0, "unexpectedPasses": 0,
                    "skipped": 0, "errors": 0, "total": 2},
    "stash-template": {"passed": 1, "failed": 1, "expectedFailures": 1, "unexpectedPasses": 1,
                       "skipped": 1, "errors": 1, "total": 6}})"));
  ASSERT_TRUE(report["results"].is_array());
  EXPECT_EQ(report["results"].size(), 8u);
}

TEST(JsonReportTest, ResultsRoundTrip) {
  RunSummary summary = SampleSummary();
  kube::Json report = JsonReport(summary);
  ASSERT_TRUE(report.is_object());
  const kube::Json& failed = report["results"][1];
  EXPECT_EQ(failed["id"], "DB-0002");
  EXPECT_EQ(failed["title"], "Scenario DB-0002");
  EXPECT_EQ(failed["file"], "scenarios/DB-0002.yaml");
  EXPECT_EQ(failed["profile"], "stash-template");
  EXPECT_EQ(failed["spec"], "default-backup.md#2");
  EXPECT_EQ(failed["outcome"], "failed");
  EXPECT_EQ(failed["seconds"], 0.25);
  EXPECT_EQ(failed["seed"], "42");
  EXPECT_EQ(failed["writes"], 3);
  EXPECT_EQ(failed["replay"], "stashsim run --id DB-0002 --seed 42");
  EXPECT_FALSE(failed.contains("expectedFailureReason"));
  EXPECT_FALSE(failed.contains("skipReason"));
  ASSERT_EQ(failed["failures"].size(), 2u);
  const Failure& original = summary.results[1].failures[0];
  EXPECT_EQ(failed["failures"][0], kube::Json({{"step", original.step},
                                               {"message", original.message},
                                               {"path", original.path},
                                               {"location", original.location},
                                               {"diff", original.diff}}));
  EXPECT_EQ(failed["failures"][1]["message"], summary.results[1].failures[1].message);

  EXPECT_EQ(report["results"][2]["outcome"], "expected-failure");
  EXPECT_EQ(report["results"][2]["expectedFailureReason"], "issue #12: events not recorded");
  EXPECT_EQ(report["results"][3]["outcome"], "unexpected-pass");
  EXPECT_EQ(report["results"][4]["skipReason"], "needs feature restic-v2");
  EXPECT_EQ(report["results"][5]["outcome"], "error");
  EXPECT_EQ(report["results"][0]["failures"], kube::Json::array());
}

TEST(JsonReportTest, KeepsFullSeedAndSurvivesInvalidUtf8) {
  RunSummary summary;
  ScenarioResult result = MakeResult("X-1", "p", Outcome::kFailed);
  result.seed = 18446744073709551615u;
  Failure failure;
  failure.message = "bad \xff byte";
  result.failures.push_back(failure);
  summary.results.push_back(result);
  kube::Json report = JsonReport(summary);
  ASSERT_TRUE(report.is_object());
  EXPECT_EQ(report["results"][0]["seed"], "18446744073709551615");
  EXPECT_EQ(report["results"][0]["failures"][0]["message"], "bad \xef\xbf\xbd byte");
  EXPECT_EQ(report["ok"], false);
}

TEST(JsonReportTest, IsDeterministic) {
  std::ostringstream first;
  std::ostringstream second;
  WriteJsonReport(SampleSummary(), first);
  WriteJsonReport(SampleSummary(), second);
  EXPECT_EQ(first.str(), second.str());
  EXPECT_LT(first.str().find("\"formatVersion\""), first.str().find("\"summary\""));
}

}  // namespace
}  // namespace runner
