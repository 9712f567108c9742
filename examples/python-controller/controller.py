#!/usr/bin/python3
"""A default-backup controller (Stash's template era) written with the official Python client.

It is an example of an implementation checked by stashsim from the outside:

    stashsim run scenarios/ --profile stash-template \\
        --impl 'exec:/usr/bin/python3 examples/python-controller/controller.py'

Structure: one thread per watched kind lists, then watches, and puts the keys of changed targets
on a work queue; one worker takes keys from the queue, reads the target and reconciles it
(backup.py), retrying failures with exponential backoff. A change to a template re-queues every
target that names it. SIGTERM or SIGINT stops everything.

Environment: KUBECONFIG (the cluster), STASHSIM_PROFILE (must be stash-template if set).
"""

import logging
import os
import signal
import sys
import tempfile
import threading
import time
from typing import Dict, Optional, Tuple

from kubernetes import config
from kubernetes.client import ApiClient
from kubernetes.client.rest import ApiException
from kubernetes.dynamic import DynamicClient
from kubernetes.dynamic.exceptions import NotFoundError, ResourceNotFoundError

import backup

log = logging.getLogger("controller")

WATCH_SECONDS = 300          # ask the server to end each watch after this; we then relist
RETRY_BASE_SECONDS = 0.25    # first retry delay of a failed reconcile, doubled each time...
RETRY_MAX_SECONDS = 30.0     # ...up to this

Key = Tuple[str, str, str, str]  # (apiVersion, kind, namespace, name) of a target


class WorkQueue:
    """Keys waiting to be reconciled, each due at some time. A key is queued at most once;
    adding it again only brings it forward. Failed keys come back later and later."""

    def __init__(self):
        self._due: Dict[Key, float] = {}
        self._failures: Dict[Key, int] = {}
        self._cond = threading.Condition()

    def add(self, key: Key, delay: float = 0.0) -> None:
        with self._cond:
            when = time.monotonic() + delay
            self._due[key] = min(when, self._due.get(key, when))
            self._cond.notify()

    def get(self, stop: threading.Event) -> Optional[Key]:
        """Blocks until a key is due (returns it) or `stop` is set (returns None)."""
        with self._cond:
            while not stop.is_set():
                now = time.monotonic()
                key = min(self._due, key=self._due.get, default=None)
                if key is not None and self._due[key] <= now:
                    del self._due[key]
                    return key
                timeout = self._due[key] - now if key is not None else 0.5
                self._cond.wait(min(timeout, 0.5))
            return None

    def retry(self, key: Key) -> float:
        """Re-queues a failed key with exponential backoff; returns the delay."""
        failures = self._failures.get(key, 0)
        self._failures[key] = failures + 1
        delay = min(RETRY_BASE_SECONDS * 2 ** failures, RETRY_MAX_SECONDS)
        self.add(key, delay)
        return delay

    def forget(self, key: Key) -> None:
        """The key succeeded: its next failure starts the backoff again."""
        self._failures.pop(key, None)


class Controller:
    def __init__(self, client: DynamicClient, stop: threading.Event):
        self.client = client
        self.stop = stop
        self.queue = WorkQueue()
        self.resources = self.discover()
        self.reconciler = backup.Reconciler(client, self.resources)
        # The template each known target names, so a template change finds its targets.
        self.template_of: Dict[Key, Optional[str]] = {}
        self.lock = threading.Lock()

    def discover(self):
        """Looks up the kinds we use. A target kind the server does not serve (DeploymentConfig
        outside OpenShift) is skipped; the Stash kinds are required."""
        resources = {}
        for api_version, kind in backup.TARGET_KINDS + [
                backup.TEMPLATE_KIND, backup.REPOSITORY_KIND, backup.BACKUP_CONFIGURATION_KIND]:
            try:
                resources[(api_version, kind)] = self.client.resources.get(
                    api_version=api_version, kind=kind)
            except ResourceNotFoundError:
                if (api_version, kind) in backup.TARGET_KINDS:
                    log.info("%s %s is not served; not watching it", api_version, kind)
                else:
                    sys.exit(f"error: {api_version} {kind} is not served: install Stash's CRDs")
        return resources

    # ---- Watches ---------------------------------------------------------------------------

    def watch_forever(self, kind: Tuple[str, str], on_event) -> None:
        """List, then watch from the list's resourceVersion; when the watch ends (timeout,
        a cut connection, a 410 Expired ERROR), list again. Runs until stop is set."""
        resource = self.resources[kind]
        while not self.stop.is_set():
            try:
                listing = self.client.get(resource)
                for item in listing.to_dict()["items"]:
                    item.setdefault("apiVersion", kind[0])  # list items carry no type
                    item.setdefault("kind", kind[1])
                    on_event("LISTED", item)
                version = listing.metadata.resourceVersion
                for event in self.client.watch(resource, resource_version=version,
                                               timeout=WATCH_SECONDS):
                    if self.stop.is_set():
                        return
                    if event["type"] in ("ADDED", "MODIFIED", "DELETED"):
                        on_event(event["type"], event["raw_object"])
                log.debug("watch of %s ended; relisting", kind[1])
            except ApiException as error:  # includes the ERROR event of an expired watch
                log.info("watch of %s failed (%s %s); relisting", kind[1], error.status, error.reason)
                self.stop.wait(0.5)
            except Exception as error:  # a cut connection, the server going away...
                log.info("watch of %s failed (%s); relisting", kind[1], error)
                self.stop.wait(0.5)

    def on_target(self, event_type: str, obj: dict) -> None:
        meta = obj["metadata"]
        key = (obj["apiVersion"], obj["kind"], meta["namespace"], meta["name"])
        with self.lock:
            if event_type == "DELETED":
                self.template_of.pop(key, None)
                return  # garbage collection removes the BackupConfiguration; nothing to do
            self.template_of[key] = backup.template_name_of(obj)
        self.queue.add(key)

    def on_template(self, event_type: str, obj: dict) -> None:
        """Spec 9.1: follow template changes at once by re-queueing every target naming it."""
        name = obj["metadata"]["name"]
        with self.lock:
            keys = [key for key, template in self.template_of.items() if template == name]
        if event_type != "LISTED":
            log.info("template %s %s: re-queueing %d target(s)", name, event_type.lower(), len(keys))
        for key in keys:
            self.queue.add(key)

    # ---- The worker ------------------------------------------------------------------------

    def process(self, key: Key) -> None:
        """Reconciles the target of `key`; raises when it should be retried."""
        api_version, kind, namespace, name = key
        try:
            # Read the target fresh, so a reconcile never acts on an old version.
            target = self.client.get(self.resources[(api_version, kind)],
                                     name=name, namespace=namespace).to_dict()
        except NotFoundError:
            return  # deleted meanwhile: garbage collection removes the BackupConfiguration
        self.reconciler.reconcile(target)

    def work(self) -> None:
        while True:
            key = self.queue.get(self.stop)
            if key is None:
                return
            try:
                self.process(key)
                self.queue.forget(key)
            except Exception as error:  # template missing, bad annotation, server error, ...
                delay = self.queue.retry(key)
                _, kind, namespace, name = key
                log.warning("%s %s/%s: %s (retrying in %.2fs)", kind, namespace, name,
                            getattr(error, "reason", None) or error, delay)

    def run(self) -> None:
        threads = [threading.Thread(target=self.work, name="worker", daemon=True)]
        for kind in self.resources:
            if kind in backup.TARGET_KINDS:
                threads.append(threading.Thread(target=self.watch_forever, args=(kind, self.on_target),
                                                name=f"watch-{kind[1]}", daemon=True))
        threads.append(threading.Thread(target=self.watch_forever,
                                        args=(backup.TEMPLATE_KIND, self.on_template),
                                        name="watch-templates", daemon=True))
        for thread in threads:
            thread.start()
        log.info("started: watching %d kinds", len(threads) - 1)
        while not self.stop.wait(1.0):
            pass
        log.info("stopping")


def connect(cache_dir: str) -> DynamicClient:
    """A dynamic client for the cluster of KUBECONFIG, waiting up to 10 s for it to answer."""
    config.load_kube_config()  # reads KUBECONFIG, else ~/.kube/config
    deadline = time.monotonic() + 10
    # A private discovery cache: the default one in /tmp is shared by every process.
    cache = os.path.join(cache_dir, "discovery.json")
    while True:
        try:
            return DynamicClient(ApiClient(), cache_file=cache)
        except Exception as error:
            if time.monotonic() > deadline:
                sys.exit(f"error: cannot reach the API server: {error}")
            time.sleep(0.2)


def main() -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    profile = os.environ.get("STASHSIM_PROFILE", "stash-template")
    if profile != "stash-template":
        sys.exit(f"error: STASHSIM_PROFILE={profile}: this example implements only the "
                 "stash-template profile (BackupConfigurationTemplate)")
    if os.environ.get("STASHSIM_EXTENDED") == "1":
        log.warning("STASHSIM_EXTENDED=1: the beyond-upstream behaviour (spec 10) is not implemented")

    stop = threading.Event()

    def on_signal(signum, _frame):
        log.info("received %s", signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    with tempfile.TemporaryDirectory(prefix="stash-python-example-") as cache_dir:
        Controller(connect(cache_dir), stop).run()

if __name__ == "__main__":
    main()
