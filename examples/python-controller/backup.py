"""Default backup, template era: what one reconcile of one target does (spec sections 2-7, 9).

`Reconciler.reconcile(target)` reads the target's annotations, resolves its
BackupConfigurationTemplate, and create-or-patches a Repository and a BackupConfiguration
named `<lower-case kind>-<target name>`, or deletes that BackupConfiguration when the target
lost its annotations. It raises on failure; the caller retries with backoff.
"""

import copy
import logging
from typing import Dict, List, Optional, Tuple

from kubernetes.dynamic.exceptions import ConflictError, NotFoundError

from envsubst import substitute_object

log = logging.getLogger("backup")

FIELD_MANAGER = "stash-python-example"

# Annotation keys of the template era (spec section 2).
TEMPLATE = "stash.appscode.com/backup-template"
DIRECTORIES = "stash.appscode.com/target-directories"
VOLUME_MOUNTS = "stash.appscode.com/volume-mounts"
MOUNT_PATH = "stash.appscode.com/mountpath"

# Target kinds, as (apiVersion, kind).
WORKLOADS = {
    ("apps/v1", "Deployment"),
    ("apps/v1", "StatefulSet"),
    ("apps/v1", "DaemonSet"),
    ("apps/v1", "ReplicaSet"),
    ("v1", "ReplicationController"),
    ("apps.openshift.io/v1", "DeploymentConfig"),
}
PVC = ("v1", "PersistentVolumeClaim")
APP_BINDING = ("appcatalog.appscode.com/v1alpha1", "AppBinding")
TARGET_KINDS = sorted(WORKLOADS) + [PVC, APP_BINDING]

TEMPLATE_KIND = ("stash.appscode.com/v1beta1", "BackupConfigurationTemplate")
REPOSITORY_KIND = ("stash.appscode.com/v1alpha1", "Repository")
BACKUP_CONFIGURATION_KIND = ("stash.appscode.com/v1beta1", "BackupConfiguration")

# The BackupConfiguration spec fields the controller owns; create-or-patch re-asserts them.
MANAGED_SPEC_FIELDS = ("repository", "target", "schedule", "retentionPolicy", "task",
                       "runtimeSettings", "tempDir")


class ReconcileError(Exception):
    """A reconcile failed in a way worth retrying later (bad annotation, missing template...)."""


# ---- Reading a target ----------------------------------------------------------------------

def type_of(obj: dict) -> Tuple[str, str]:
    return obj.get("apiVersion", ""), obj.get("kind", "")


def annotations_of(obj: dict) -> Dict[str, str]:
    return obj.get("metadata", {}).get("annotations") or {}


def required_annotations(target_type: Tuple[str, str]) -> Tuple[str, ...]:
    if target_type in WORKLOADS:
        return TEMPLATE, DIRECTORIES, VOLUME_MOUNTS
    if target_type == PVC:
        return TEMPLATE, DIRECTORIES, MOUNT_PATH
    return (TEMPLATE,)  # AppBinding


def is_annotated(target: dict) -> bool:
    """All required keys present (an empty value still counts)."""
    annotations = annotations_of(target)
    return all(key in annotations for key in required_annotations(type_of(target)))


def owned_by_deployment(target: dict) -> bool:
    """A ReplicaSet that a Deployment manages is never a target."""
    owners = target["metadata"].get("ownerReferences") or []
    return target["kind"] == "ReplicaSet" and any(o.get("kind") == "Deployment" for o in owners)


def parse_volume_mounts(annotation: str) -> List[dict]:
    """'vol1:/path1,vol2:/path2' -> [{name, mountPath}, ...]. Split exactly like Go's
    strings.Split: no trimming, empty parts kept, each item must have exactly one ':'."""
    mounts = []
    for item in annotation.split(","):
        parts = item.split(":")
        if len(parts) != 2:
            raise ReconcileError("invalid volume-mounts annotations. "
                                 "use 'vol1Name:mountPath,vol2Name:mountPath' format")
        mounts.append({"name": parts[0], "mountPath": parts[1]})
    return mounts


def backup_target(target: dict) -> dict:
    """spec.target of the BackupConfiguration: ref, directories and volumeMounts."""
    annotations = annotations_of(target)
    target_type = type_of(target)
    # Upstream quirk: PVCs and AppBindings are referenced with apiVersion v1.
    api_version = "v1" if target_type in (PVC, APP_BINDING) else target_type[0]
    spec = {"ref": {"apiVersion": api_version, "kind": target_type[1],
                    "name": target["metadata"]["name"]}}
    if target_type == APP_BINDING:
        return spec  # an AppBinding has neither directories nor volume mounts
    spec["directories"] = annotations[DIRECTORIES].split(",")
    if target_type == PVC:
        spec["volumeMounts"] = [{"name": "stash-volume", "mountPath": annotations[MOUNT_PATH]}]
    else:
        spec["volumeMounts"] = parse_volume_mounts(annotations[VOLUME_MOUNTS])
    return spec


def variables_for(target: dict, resource_plural: str) -> Dict[str, str]:
    """The variables a template may use for this target (spec section 3)."""
    api_version, kind = type_of(target)
    variables = {
        "TARGET_API_VERSION": api_version,
        "TARGET_KIND": kind.lower(),
        "TARGET_NAME": target["metadata"]["name"],
        "TARGET_NAMESPACE": target["metadata"]["namespace"],
    }
    if (api_version, kind) in WORKLOADS:
        variables["TARGET_RESOURCE"] = resource_plural  # PVCs and AppBindings have none
    elif (api_version, kind) == APP_BINDING:
        variables["TARGET_API_VERSION"] = "v1"  # upstream quirk
        variables["TARGET_APP_VERSION"] = (target.get("spec") or {}).get("version") or ""
    return variables


def generated_name(target: dict) -> str:
    return f"{target['kind'].lower()}-{target['metadata']['name']}"


def owner_reference(target: dict) -> dict:
    """Template era: no `controller` field, blockOwnerDeletion false; AppBindings as v1."""
    api_version = "v1" if type_of(target) == APP_BINDING else target["apiVersion"]
    return {"apiVersion": api_version, "kind": target["kind"],
            "name": target["metadata"]["name"], "uid": target["metadata"]["uid"],
            "blockOwnerDeletion": False}


# ---- Create-or-patch -----------------------------------------------------------------------

def merge_patch(current: dict, desired: dict) -> dict:
    """The RFC 7386 JSON merge patch that turns object `current` into object `desired`:
    changed keys with their new value, removed keys as null, objects recursively.
    {} means there is nothing to change."""
    patch = {key: None for key in current if key not in desired}
    for key, value in desired.items():
        if isinstance(current.get(key), dict) and isinstance(value, dict):
            nested = merge_patch(current[key], value)
            if nested:
                patch[key] = nested
        elif key not in current or current[key] != value:
            patch[key] = value
    return patch


def with_managed_repository_fields(current: dict, desired: dict) -> dict:
    """Only spec.backend is ours; everything else (spec.wipeOut, labels, ...) is kept."""
    result = copy.deepcopy(current)
    result.setdefault("spec", {})["backend"] = desired["spec"]["backend"]
    return result


def with_managed_backup_configuration_fields(current: dict, desired: dict) -> dict:
    """Our spec fields are replaced whole (or removed when the template lacks them), our owner
    reference is replaced or appended; other fields (paused, labels, ...) are kept."""
    result = copy.deepcopy(current)
    spec = result.setdefault("spec", {})
    for key in MANAGED_SPEC_FIELDS:
        if key in desired["spec"]:
            spec[key] = desired["spec"][key]
        else:
            spec.pop(key, None)
    # Our owner reference replaces the entry with the target's uid, or is appended.
    ours = desired["metadata"]["ownerReferences"][0]
    refs = list(result["metadata"].get("ownerReferences") or [])
    for index, ref in enumerate(refs):
        if ref.get("uid") == ours["uid"]:
            refs[index] = ours
            break
    else:
        refs.append(ours)
    result["metadata"]["ownerReferences"] = refs
    return result


# ---- The reconciler ------------------------------------------------------------------------

class Reconciler:
    def __init__(self, client, resources):
        """`client` is a kubernetes.dynamic.DynamicClient; `resources` maps (apiVersion, kind)
        to its discovered dynamic Resource."""
        self.client = client
        self.resources = resources

    def reconcile(self, target: dict) -> None:
        if owned_by_deployment(target):
            return
        if is_annotated(target):
            self.ensure_resources(target)
        else:
            self.ensure_deleted(target)

    def ensure_resources(self, target: dict) -> None:
        # Template era order (spec 7): parse the annotations, GET the template, resolve, write.
        spec_target = backup_target(target)
        template_name = annotations_of(target)[TEMPLATE]
        if not template_name:
            # Careful: a GET with an empty name would be a LIST of all templates.
            raise ReconcileError("resource name may not be empty")
        try:
            template = self.client.get(self.resources[TEMPLATE_KIND], name=template_name).to_dict()
        except NotFoundError:
            raise ReconcileError(
                f'backupconfigurationtemplates.stash.appscode.com "{template_name}" not found')
        plural = self.resources[type_of(target)].name
        resolved = substitute_object(template, variables_for(target, plural)).get("spec") or {}

        name, namespace = generated_name(target), target["metadata"]["namespace"]
        repository = {
            "apiVersion": REPOSITORY_KIND[0], "kind": REPOSITORY_KIND[1],
            "metadata": {"name": name, "namespace": namespace},
            # wipeOut is accepted in templates but never copied (spec 9.4).
            "spec": {"backend": resolved.get("backend") or {}},
        }
        spec = {"repository": {"name": name}, "target": spec_target}
        for key in ("schedule", "retentionPolicy"):
            if resolved.get(key) is not None:
                spec[key] = resolved[key]
        for key in ("task", "runtimeSettings", "tempDir"):  # Go wrote these as {} when empty
            spec[key] = resolved.get(key) or {}
        backup_configuration = {
            "apiVersion": BACKUP_CONFIGURATION_KIND[0], "kind": BACKUP_CONFIGURATION_KIND[1],
            "metadata": {"name": name, "namespace": namespace,
                         "ownerReferences": [owner_reference(target)]},
            "spec": spec,
        }
        # Repository first: if it fails, the BackupConfiguration is not touched.
        self.create_or_patch(REPOSITORY_KIND, repository, with_managed_repository_fields)
        self.create_or_patch(BACKUP_CONFIGURATION_KIND, backup_configuration,
                             with_managed_backup_configuration_fields)

    def create_or_patch(self, kind, desired: dict, transform, attempts: int = 5) -> None:
        """GET; absent: CREATE; present: PATCH the merge patch from the current object to the
        current object with our fields overwritten, if it is not empty. A conflict (or the
        object vanishing between GET and PATCH) is retried from the GET."""
        resource = self.resources[kind]
        name, namespace = desired["metadata"]["name"], desired["metadata"]["namespace"]
        for attempt in range(attempts):
            try:
                current = self.client.get(resource, name=name, namespace=namespace).to_dict()
            except NotFoundError:
                try:
                    self.client.create(resource, body=desired, namespace=namespace,
                                       field_manager=FIELD_MANAGER)
                    log.info("created %s %s/%s", kind[1], namespace, name)
                    return
                except ConflictError:  # AlreadyExists: someone created it meanwhile
                    continue
            patch = merge_patch(current, transform(current, desired))
            if not patch:
                return  # already as wanted: write nothing
            try:
                self.client.patch(resource, body=patch, name=name, namespace=namespace,
                                  content_type="application/merge-patch+json",
                                  field_manager=FIELD_MANAGER)
                log.info("patched %s %s/%s", kind[1], namespace, name)
                return
            except (ConflictError, NotFoundError) as error:
                log.info("retrying %s %s/%s after %s", kind[1], namespace, name, error.reason)
        raise ReconcileError(f"{kind[1]} {namespace}/{name}: still conflicting after {attempts} attempts")

    def ensure_deleted(self, target: dict) -> None:
        """Delete the BackupConfiguration of the generated name, but only if it is ours (its
        owner reference has the target's uid, spec 9.3). The Repository always stays."""
        name, namespace = generated_name(target), target["metadata"]["namespace"]
        resource = self.resources[BACKUP_CONFIGURATION_KIND]
        try:
            existing = self.client.get(resource, name=name, namespace=namespace).to_dict()
        except NotFoundError:
            return
        uid = target["metadata"]["uid"]
        if not any(ref.get("uid") == uid for ref in existing["metadata"].get("ownerReferences") or []):
            return
        try:
            self.client.delete(resource, name=name, namespace=namespace,
                               propagation_policy="Background")
            log.info("deleted BackupConfiguration %s/%s", namespace, name)
        except NotFoundError:
            pass


def template_name_of(target: dict) -> Optional[str]:
    """The template a target names, for re-queueing targets when a template changes."""
    return annotations_of(target).get(TEMPLATE)
