#!/usr/bin/python3
"""vg_check.py DIR... - read the memcheck logs tests/vg.sh wrote (one per
process, --quiet: text only when memcheck has something to say) and
report the errors among them.

An error is any memcheck report: invalid read or write, use of
uninitialised memory, bad or mismatched free, overlapping copy, bad
system-call argument, or a definite leak at exit.  Two kinds of text are
not errors and are only counted:
  - "Warning: ..." lines (e.g. "set address range perms: large range"
    for a big allocation, which the limit tests make on purpose);
  - a process that died of a signal (the PDF extractor's child past its
    CPU limit): its notice, and the leaks of a process stopped in the
    middle of its work, which are not leaks of the program.
Prints one line per process with errors and the reports themselves;
the last line is "memcheck: N processes, E with errors".  Exit status 1
when there is an error, 2 when a folder holds no log at all (valgrind
did not run)."""
import glob
import os
import re
import sys

LINE = re.compile(r"^==(\d+)== ?(.*)$")


def records(path):
    """The log's reports: lists of lines, split at memcheck's blank lines."""
    out, cur = [], []
    with open(path, encoding="utf-8", errors="replace") as f:
        for raw in f:
            m = LINE.match(raw.rstrip("\n"))
            text = m.group(2) if m else raw.rstrip("\n")
            if text.strip() == "":
                if cur:
                    out.append(cur)
                cur = []
            else:
                cur.append(text)
    if cur:
        out.append(cur)
    return out


def check(path):
    """(errors, notes) of one process's log."""
    recs = records(path)
    killed = any(r[0].startswith("Process terminating with default action")
                 for r in recs)
    errors, notes = [], []
    for r in recs:
        head = r[0]
        if head.startswith("Warning:"):
            notes.append(head)
        elif head.startswith("Process terminating with default action"):
            notes.append(head)
        elif killed and " lost in loss record " in head:
            notes.append("(killed) " + head)
        else:
            errors.append(r)
    return errors, notes


def main(argv):
    logs = []
    for d in argv[1:]:
        logs += sorted(glob.glob(os.path.join(d, "vg.*.log")))
    if not logs:
        print("memcheck: no log in %s: valgrind did not run" % " ".join(argv[1:]))
        return 2
    bad = 0
    for path in logs:
        errors, notes = check(path)
        if errors:
            bad += 1
            print("memcheck: %s: %d report(s)" % (path, len(errors)))
            for r in errors:
                for line in r[:60]:
                    print("    " + line)
                print()
    print("memcheck: %d processes, %d with errors" % (len(logs), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
