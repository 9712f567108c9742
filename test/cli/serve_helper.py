"""Starts `stashsim serve` on a free loopback port for a test and stops it afterwards."""

import os
import signal
import subprocess
import tempfile
import time


class ServedCluster:
    """`stashsim serve --port 0 --kubeconfig-out FILE [extra args]` as a context manager."""

    def __init__(self, stashsim, *extra_args):
        self.stashsim = stashsim
        self.extra_args = list(extra_args)
        self.dir = tempfile.TemporaryDirectory(prefix="stashsim-serve-")
        self.kubeconfig = os.path.join(self.dir.name, "kubeconfig")
        self.stderr_path = os.path.join(self.dir.name, "serve.stderr")
        self.process = None
        self.url = None

    def __enter__(self):
        self.stderr = open(self.stderr_path, "w")
        self.process = subprocess.Popen(
            [self.stashsim, "serve", "--port", "0", "--kubeconfig-out", self.kubeconfig]
            + self.extra_args,
            stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("listening on "):
            self.__exit__(None, None, None)
            raise RuntimeError("stashsim serve did not start: %r %s" % (line, self.log()))
        self.url = line.split()[-1]
        return self

    def log(self):
        try:
            with open(self.stderr_path) as f:
                return f.read()
        except OSError:
            return ""

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise RuntimeError("stashsim serve did not stop on SIGTERM")
            if self.process.returncode != 0:
                raise RuntimeError("stashsim serve exited with %d: %s"
                                   % (self.process.returncode, self.log()))
        self.stderr.close()
        self.dir.cleanup()
        return False


def wait_until(predicate, timeout=15.0, interval=0.05):
    """Polls predicate() until it returns something true; returns it, or the last value."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value
