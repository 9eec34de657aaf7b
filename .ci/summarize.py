"""Sums the trx files of a dotnet test run into one line: 'N passed, N failed, N skipped'.
Exits non-zero when a test failed, when nothing ran, or when any test was skipped (in CI every
test must really run: PostgreSQL and Chromium are installed)."""
import glob
import sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
skipped_names = []
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    root = ET.parse(path).getroot()
    for result in root.iterfind(".//t:UnitTestResult", ns):
        outcome = result.get("outcome")
        if outcome == "Passed":
            passed += 1
        elif outcome == "NotExecuted":
            skipped += 1
            reason = result.findtext(".//t:Output/t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
            if not reason:
                reason = result.findtext(".//t:Output/t:StdOut", default="", namespaces=ns).strip()
            skipped_names.append((result.get("testName"), reason or "no reason given"))
        else:
            failed += 1

for name, reason in skipped_names:
    print(f"skipped: {name}: {reason}")
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or skipped or passed == 0 else 0)
