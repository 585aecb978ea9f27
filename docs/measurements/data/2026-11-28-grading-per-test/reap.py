#!/usr/bin/env python3
# Runs a command as a child subreaper: every descendant that outlives its parent is reparented here and waited for,
# so RUSAGE_CHILDREN counts the CPU of the whole process tree (test host, compile servers, sandboxed workers).
import ctypes, os, resource, subprocess, sys, time, errno
libc = ctypes.CDLL(None, use_errno=True)
assert libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
t0 = time.time()
p = subprocess.Popen(sys.argv[2:])
rc = None
while True:
    try:
        pid, status = os.wait()
        if pid == p.pid: rc = os.waitstatus_to_exitcode(status)
    except ChildProcessError:
        break
r = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], 'w') as f:
    f.write(f"{r.ru_utime:.2f} {r.ru_stime:.2f} {time.time()-t0:.1f} rc={rc}\n")
