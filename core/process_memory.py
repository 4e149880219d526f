"""The peak memory of a process, as the PDF child processes report it."""

import resource


def own_peak_kib() -> int:
    """This process's peak resident memory in KiB since it started its program: Linux's VmHWM,
    which exec resets. ru_maxrss also counts the parent's resident size at the fork (it survives
    exec), so a small child of a large worker would report the worker's size."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
