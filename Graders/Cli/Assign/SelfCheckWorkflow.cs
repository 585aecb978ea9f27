namespace Grader.Cli.Assign;

/// <summary>
/// The student repository's workflow (<see cref="AssignmentLayout.WorkflowPath"/>): on every push and pull request it
/// runs <c>dotnet test</c> (the visible checks on the hand-in folder) and writes a job summary with each task's test,
/// the visible score, and the points the hidden checks add when the tutor grades (known when the repository is written).
/// </summary>
public static class SelfCheckWorkflow
{
    /// <summary>The workflow's YAML.</summary>
    public static string Render(AssignmentPoints points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var hidden = TextReport.Points(points.HiddenPoints);
        return $$$"""
            # The self-check on every push: `dotnet test` runs the visible checks on {{{AssignmentLayout.HandinFolder}}}/, and the job summary
            # shows each task's test, the visible score, and the points the hidden checks add when your tutor grades.
            name: self-check

            on:
              push:
              pull_request:

            permissions:
              contents: read

            jobs:
              self-check:
                runs-on: ubuntu-24.04
                timeout-minutes: 20
                env:
                  DOTNET_CLI_TELEMETRY_OPTOUT: "1"
                  DOTNET_NOLOGO: "1"
                steps:
                  - uses: actions/checkout@v4

                  - uses: actions/setup-dotnet@v4
                    with:
                      global-json-file: global.json

                  - name: Visible checks (dotnet test)
                    run: dotnet test --logger "trx;LogFileName=selfcheck.trx" --results-directory TestResults

                  - name: Job summary
                    if: always()
                    shell: python3 {0}
                    run: |
                      import glob, os, re
                      import xml.etree.ElementTree as ET

                      HIDDEN = "Hidden checks worth **{{{hidden}}}** ({{{points.HiddenChecks}}} checks) run only when your tutor grades: they add up to {{{hidden}}} to the visible score above. They are not in this repository, and this run does not include them."
                      ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
                      lines = ["## Self-check: visible checks", ""]
                      files = sorted(glob.glob("TestResults/**/*.trx", recursive=True))
                      total, rows = None, []
                      for path in files:
                          for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
                              name, outcome = result.get("testName", ""), result.get("outcome", "")
                              texts = [e.text or "" for e in result.iterfind(".//t:StdOut", ns)]
                              texts += [e.text or "" for e in result.iterfind(".//t:ErrorInfo/t:Message", ns)]
                              text = "\n".join(texts)
                              found = [l.strip() for l in text.splitlines() if l.strip()]
                              first = next((l for l in found if l.startswith("FAILED")), found[0] if found else "")
                              if name == "Visible_total":
                                  found = re.search(r"Visible: [^\n]*", text)
                                  total = found.group(0) if found else first
                                  continue
                              rows.append((name, outcome, first))
                      if not files:
                          lines.append("`dotnet test` wrote no results: the build failed. See the log of the step above.")
                      else:
                          lines += ["| task | result | message |", "|---|---|---|"]
                          for name, outcome, first in sorted(rows):
                              mark = "passed" if outcome == "Passed" else "**failed**"
                              lines.append("| %s | %s | %s |" % (name, mark, first.replace("|", "\\|")[:200]))
                          lines += ["", "**%s**" % total if total else "No total: the self-check could not grade the hand-in (see the failing tests)."]
                      lines += ["", HIDDEN]
                      with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
                          summary.write("\n".join(lines) + "\n")

            """;
    }
}
