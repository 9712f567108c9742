// The REST protocol: discovery, verbs, Table responses and watch set-up.
#include "api_handler.h"

#include <fmt/format.h>

#include "discovery.h"
#include "fakecluster/openapi.h"
#include "kube/patch.h"

namespace fakecluster::http {

struct ApiHandler::Target {
  kube::ResourceInfo info;  // gvk.version is the requested version
  std::string namespace_name;
  std::string name;
  bool status_subresource = false;
};

namespace {

const kube::GroupVersionKind kCrdKind{"apiextensions.k8s.io", "v1", "CustomResourceDefinition"};

// Invalid UTF-8 (a name or selector decoded from %FF in the URL, echoed in an error) is written
// as U+FFFD, as Go's encoding/json does, instead of throwing (found by fuzz_http_request).
ApiResponse JsonResponse(int status, const kube::Json& body) {
  return {status, "application/json",
          body.dump(-1, ' ', false, kube::Json::error_handler_t::replace)};
}

kube::Status NotFoundPath() {
  return kube::Status(kube::StatusReason::kNotFound,
                      "the server could not find the requested resource");
}

kube::Status MethodNotAllowed(std::string_view method) {
  return kube::Status(kube::StatusReason::kMethodNotAllowed,
                      fmt::format("the server does not allow this method on the requested "
                                  "resource ({})",
                                  method));
}

std::string ActorOf(const ApiRequest& request) {
  auto manager = QueryValue(request.query, "fieldManager");
  if (manager && !manager->empty()) return *manager;
  return ManagerFromUserAgent(request.user_agent);
}

kube::Json SuccessStatus(const kube::ResourceInfo& info, std::string_view name,
                         std::string_view uid) {
  kube::Json details = {{"name", name}, {"kind", info.plural}};
  if (!info.gvk.group.empty()) details["group"] = info.gvk.group;
  if (!uid.empty()) details["uid"] = uid;
  return {{"kind", "Status"},
          {"apiVersion", "v1"},
          {"metadata", kube::Json::object()},
          {"status", "Success"},
          {"details", details}};
}

}  // namespace

ApiHandler::ApiHandler(FakeCluster& cluster, const kube::Clock& clock, std::string actor)
    : cluster_(cluster), clock_(clock), actor_(std::move(actor)) {}

bool ApiHandler::IsWatch(const ApiRequest& request) {
  if (request.method != "GET") return false;
  RequestInfo info = ParseRequestPath(request.path);
  if (info.kind != PathKind::kResource) return false;
  if (info.legacy_watch) return true;
  auto watch = QueryBool(request.query, "watch");
  return watch.ok() && *watch;
}

ApiResponse ApiHandler::ErrorResponse(const kube::Status& status) {
  return JsonResponse(status.code(), status.ToJson());
}

kube::Client& ApiHandler::ClientFor(const ApiRequest& request) {
  const std::string actor = actor_.empty() ? ActorOf(request) : actor_;
  std::lock_guard<std::mutex> lock(clients_mu_);
  auto& client = clients_[actor];
  if (!client) client = cluster_.ClientFor(actor);
  return *client;
}

std::vector<PrinterColumn> ApiHandler::ColumnsFor(const kube::ResourceInfo& info) {
  if (info.built_in) return {};
  auto crd = cluster_.Get(kCrdKind, "", info.plural + "." + info.gvk.group);
  if (!crd.ok()) return {};
  return CrdPrinterColumns(crd->json(), info.gvk.version);
}

kube::StatusOr<ApiHandler::Target> ApiHandler::Resolve(const RequestInfo& info) const {
  std::optional<kube::ResourceInfo> found =
      cluster_.FindResource({info.group, info.version, info.resource});
  if (!found) return NotFoundPath();
  if (!info.subresource.empty() && !(info.subresource == "status" && found->has_status)) {
    return NotFoundPath();
  }
  if (!found->namespaced && !info.namespace_name.empty() && info.resource != "namespaces") {
    return NotFoundPath();
  }
  Target target;
  target.info = *found;
  target.namespace_name = found->namespaced ? info.namespace_name : "";
  target.name = info.name;
  target.status_subresource = info.subresource == "status";
  return target;
}

ApiResponse ApiHandler::Handle(const ApiRequest& request) {
  RequestInfo info = ParseRequestPath(request.path);
  bool read = request.method == "GET" || request.method == "HEAD";
  if (info.kind != PathKind::kResource && !read) {
    return ErrorResponse(info.kind == PathKind::kUnknown ? NotFoundPath()
                                                         : MethodNotAllowed(request.method));
  }
  switch (info.kind) {
    case PathKind::kVersion:
      return JsonResponse(200, VersionInfo());
    case PathKind::kHealth:
      return {200, "text/plain; charset=utf-8", "ok"};
    case PathKind::kCoreVersions:
      return JsonResponse(200, CoreApiVersions(request.host));
    case PathKind::kGroups:
      return JsonResponse(200, ApiGroupList(cluster_.Kinds()));
    case PathKind::kGroup: {
      auto group = ApiGroup(cluster_.Kinds(), info.group);
      return group ? JsonResponse(200, *group) : ErrorResponse(NotFoundPath());
    }
    case PathKind::kResourceList: {
      auto list = ApiResourceList(cluster_.Kinds(), info.group, info.version);
      return list ? JsonResponse(200, *list) : ErrorResponse(NotFoundPath());
    }
    case PathKind::kResource:
      return HandleResource(request, info);
    case PathKind::kOpenApiV2: {
      kube::Json swagger = BuildOpenApiV2(CollectOpenApiKinds(cluster_));
      // client-go asks for gnostic's protobuf form; anything else gets the JSON document.
      if (request.accept.find("protobuf") != std::string::npos) {
        return {200, "application/com.github.proto-openapi.spec.v2.v1.0+protobuf",
                EncodeOpenApiV2Protobuf(swagger)};
      }
      return JsonResponse(200, swagger);
    }
    case PathKind::kOpenApiV3Index:
      return JsonResponse(200, BuildOpenApiV3Index(CollectOpenApiKinds(cluster_)));
    case PathKind::kOpenApiV3Doc: {
      kube::Json doc =
          BuildOpenApiV3GroupVersion(CollectOpenApiKinds(cluster_), info.group, info.version);
      return doc.is_null() ? ErrorResponse(NotFoundPath()) : JsonResponse(200, doc);
    }
    case PathKind::kUnknown:
      break;
  }
  return ErrorResponse(NotFoundPath());
}

ApiResponse ApiHandler::HandleResource(const ApiRequest& request, const RequestInfo& info) {
  auto target = Resolve(info);
  if (!target.ok()) return ErrorResponse(target.status());
  const std::string& method = request.method;
  bool named = !target->name.empty();
  if (target->info.namespaced && info.namespace_name.empty() && named) {
    return ErrorResponse(NotFoundPath());
  }
  if (method == "GET" || method == "HEAD")
    return named ? Get(request, *target) : List(request, *target);
  if (method == "POST" && !named) {
    if (target->info.namespaced && info.namespace_name.empty()) {
      return ErrorResponse(MethodNotAllowed(method));
    }
    return Create(request, *target);
  }
  if (method == "PUT" && named) return Update(request, *target);
  if (method == "PATCH" && named) {
    return target->status_subresource ? PatchStatus(request, *target) : Patch(request, *target);
  }
  if (method == "DELETE" && named && !target->status_subresource) return Delete(request, *target);
  if (method == "DELETE" && !named) return DeleteCollection(request, *target);
  return ErrorResponse(MethodNotAllowed(method));
}

ApiResponse ApiHandler::ObjectResponse(const ApiRequest& request, const Target& target,
                                       const kube::Json& object, int status) {
  auto form = NegotiateResponse(request.accept);
  if (form == ResponseForm::kTable) {
    auto include = ParseIncludeObject(QueryValue(request.query, "includeObject").value_or(""));
    if (!include) return ErrorResponse(kube::BadRequestError("includeObject: unsupported value"));
    return JsonResponse(status,
                        BuildTable(ColumnsFor(target.info), {object}, clock_.Now(), *include,
                                   kube::StringAt(object, {"metadata", "resourceVersion"}), ""));
  }
  return JsonResponse(status, object);
}

ApiResponse ApiHandler::Get(const ApiRequest& request, const Target& target) {
  if (!NegotiateResponse(request.accept)) {
    return ErrorResponse(kube::Status(kube::StatusReason::kNotAcceptable,
                                      "only the following media types are accepted: "
                                      "application/json"));
  }
  auto object = ClientFor(request).Get(target.info.gvk, target.namespace_name, target.name);
  if (!object.ok()) return ErrorResponse(object.status());
  return ObjectResponse(request, target, object->json(), 200);
}

ApiResponse ApiHandler::List(const ApiRequest& request, const Target& target) {
  auto form = NegotiateResponse(request.accept);
  if (!form) {
    return ErrorResponse(kube::Status(kube::StatusReason::kNotAcceptable,
                                      "only the following media types are accepted: "
                                      "application/json"));
  }
  auto options = ListOptionsFrom(request.query, target.namespace_name);
  if (!options.ok()) return ErrorResponse(options.status());
  auto list = ClientFor(request).List(target.info.gvk, *options);
  if (!list.ok()) return ErrorResponse(list.status());
  if (*form == ResponseForm::kTable) {
    auto include = ParseIncludeObject(QueryValue(request.query, "includeObject").value_or(""));
    if (!include) return ErrorResponse(kube::BadRequestError("includeObject: unsupported value"));
    std::vector<kube::Json> objects;
    objects.reserve(list->items.size());
    for (auto& item : list->items) objects.push_back(std::move(item.json()));
    return JsonResponse(200, BuildTable(ColumnsFor(target.info), objects, clock_.Now(), *include,
                                        list->resource_version, list->continue_token));
  }
  kube::Json metadata = {{"resourceVersion", list->resource_version}};
  if (!list->continue_token.empty()) metadata["continue"] = list->continue_token;
  if (list->remaining_item_count) metadata["remainingItemCount"] = *list->remaining_item_count;
  kube::Json items = kube::Json::array();
  for (auto& item : list->items) items.push_back(std::move(item.json()));
  return JsonResponse(200, {{"kind", target.info.gvk.kind + "List"},
                            {"apiVersion", target.info.gvk.ApiVersion()},
                            {"metadata", metadata},
                            {"items", std::move(items)}});
}

namespace {

// Checks and completes the body of a create or update against the URL.
kube::Status ReconcileBodyWithUrl(kube::Json& body, const kube::ResourceInfo& info,
                                  std::string_view namespace_name, std::string_view name) {
  // A body that is valid JSON but no object ("x", [1], 3) used to throw at the first member
  // set below (found by fuzz_http_request); the API server answers 400 as for any object it
  // cannot decode.
  if (!body.is_object()) {
    return kube::BadRequestError(fmt::format(
        "the request body must be a JSON object (a Kubernetes object), not {}", body.type_name()));
  }
  std::string api_version = info.gvk.ApiVersion();
  if (!body.contains("apiVersion") || body["apiVersion"] == "") body["apiVersion"] = api_version;
  if (!body.contains("kind") || body["kind"] == "") body["kind"] = info.gvk.kind;
  if (!body["apiVersion"].is_string() || body["apiVersion"] != api_version) {
    return kube::BadRequestError(
        fmt::format("the API version in the data ({}) does not match the expected API version ({})",
                    body["apiVersion"].is_string() ? body["apiVersion"].get<std::string>()
                                                   : body["apiVersion"].dump(),
                    api_version));
  }
  if (!body["kind"].is_string() || body["kind"] != info.gvk.kind) {
    return kube::BadRequestError(fmt::format(
        "the kind in the data ({}) does not match the expected kind ({})",
        body["kind"].is_string() ? body["kind"].get<std::string>() : body["kind"].dump(),
        info.gvk.kind));
  }
  if (!body.contains("metadata")) body["metadata"] = kube::Json::object();
  kube::Json& metadata = body["metadata"];
  if (!metadata.is_object()) return kube::BadRequestError("metadata must be an object");
  if (info.namespaced) {
    auto it = metadata.find("namespace");
    if (it == metadata.end() || *it == "") {
      metadata["namespace"] = namespace_name;
    } else if (*it != namespace_name) {
      return kube::BadRequestError(
          "the namespace of the provided object does not match the namespace sent on the "
          "request");
    }
  }
  if (!name.empty()) {
    auto it = metadata.find("name");
    if (it == metadata.end() || *it == "") {
      metadata["name"] = name;
    } else if (*it != name) {
      return kube::BadRequestError(
          fmt::format("the name of the object ({}) does not match the name on the URL ({})",
                      it->is_string() ? it->get<std::string>() : it->dump(), name));
    }
  }
  return kube::Status::Ok();
}

}  // namespace

ApiResponse ApiHandler::Create(const ApiRequest& request, const Target& target) {
  if (target.status_subresource) return ErrorResponse(MethodNotAllowed(request.method));
  auto body = DecodeBody(request.content_type, request.body);
  if (!body.ok()) return ErrorResponse(body.status());
  if (auto status = ReconcileBodyWithUrl(*body, target.info, target.namespace_name, "");
      !status.ok()) {
    return ErrorResponse(status);
  }
  auto options = WriteOptionsFrom(request.query, ActorOf(request));
  if (!options.ok()) return ErrorResponse(options.status());
  auto created = ClientFor(request).Create(kube::Object(std::move(*body)), *options);
  if (!created.ok()) return ErrorResponse(created.status());
  return ObjectResponse(request, target, created->json(), 201);
}

ApiResponse ApiHandler::Update(const ApiRequest& request, const Target& target) {
  auto body = DecodeBody(request.content_type, request.body);
  if (!body.ok()) return ErrorResponse(body.status());
  if (auto status = ReconcileBodyWithUrl(*body, target.info, target.namespace_name, target.name);
      !status.ok()) {
    return ErrorResponse(status);
  }
  auto options = WriteOptionsFrom(request.query, ActorOf(request));
  if (!options.ok()) return ErrorResponse(options.status());
  kube::Client& client = ClientFor(request);
  kube::Object object(std::move(*body));
  auto updated = target.status_subresource ? client.UpdateStatus(object, *options)
                                           : client.Update(object, *options);
  if (!updated.ok()) return ErrorResponse(updated.status());
  return ObjectResponse(request, target, updated->json(), 200);
}

ApiResponse ApiHandler::Patch(const ApiRequest& request, const Target& target) {
  auto type = kube::PatchTypeFromContentType(request.content_type);
  if (!type) {
    return ErrorResponse(kube::Status(
        kube::StatusReason::kUnsupportedMediaType,
        fmt::format("the body of the request was in an unknown format - accepted media types "
                    "include: application/json-patch+json, application/merge-patch+json, "
                    "application/apply-patch+yaml{}",
                    target.info.built_in ? ", application/strategic-merge-patch+json" : "")));
  }
  if (JsonNestingDepth(request.body) > kMaxJsonNesting) {
    return ErrorResponse(kube::BadRequestError(fmt::format(
        "the request body nests objects and arrays deeper than {} levels", kMaxJsonNesting)));
  }
  auto options = PatchOptionsFrom(request.query, ActorOf(request));
  if (!options.ok()) return ErrorResponse(options.status());
  bool existed = true;
  if (*type == kube::PatchType::kApply) {
    existed = cluster_.Get(target.info.gvk, target.namespace_name, target.name).ok();
  }
  auto patched = ClientFor(request).Patch(target.info.gvk, target.namespace_name, target.name,
                                          *type, request.body, *options);
  if (!patched.ok()) return ErrorResponse(patched.status());
  return ObjectResponse(request, target, patched->json(), existed ? 200 : 201);
}

ApiResponse ApiHandler::PatchStatus(const ApiRequest& request, const Target& target) {
  // The status subresource takes JSON and merge patches, applied to the current object and
  // written through the status path (so only status changes).
  auto type = kube::PatchTypeFromContentType(request.content_type);
  if (type != kube::PatchType::kJson && type != kube::PatchType::kMerge &&
      type != kube::PatchType::kStrategicMerge) {
    return ErrorResponse(kube::Status(kube::StatusReason::kUnsupportedMediaType,
                                      "the status subresource accepts "
                                      "application/json-patch+json and "
                                      "application/merge-patch+json patches"));
  }
  if (JsonNestingDepth(request.body) > kMaxJsonNesting) {
    return ErrorResponse(kube::BadRequestError("the request body nests too deeply"));
  }
  auto patch = kube::ParseJson(request.body, "patch");
  if (!patch.ok()) return ErrorResponse(patch.status());
  auto options = WriteOptionsFrom(request.query, ActorOf(request));
  if (!options.ok()) return ErrorResponse(options.status());
  kube::Client& client = ClientFor(request);
  auto current = client.Get(target.info.gvk, target.namespace_name, target.name);
  if (!current.ok()) return ErrorResponse(current.status());
  kube::Json patched;
  if (*type == kube::PatchType::kJson) {
    auto applied = kube::ApplyJsonPatch(current->json(), *patch);
    if (!applied.ok()) return ErrorResponse(applied.status());
    patched = std::move(*applied);
  } else {
    if (!patch->is_object()) {
      return ErrorResponse(kube::BadRequestError("a merge patch must be a JSON object"));
    }
    patched = kube::ApplyMergePatch(current->json(), *patch);
  }
  auto updated = client.UpdateStatus(kube::Object(std::move(patched)), *options);
  if (!updated.ok()) return ErrorResponse(updated.status());
  return ObjectResponse(request, target, updated->json(), 200);
}

ApiResponse ApiHandler::Delete(const ApiRequest& request, const Target& target) {
  auto options = DeleteOptionsFrom(request.query, request.body);
  if (!options.ok()) return ErrorResponse(options.status());
  kube::Client& client = ClientFor(request);
  auto before = client.Get(target.info.gvk, target.namespace_name, target.name);
  if (!before.ok()) return ErrorResponse(before.status());
  kube::Status status =
      client.Delete(target.info.gvk, target.namespace_name, target.name, *options);
  if (!status.ok()) return ErrorResponse(status);
  if (options->dry_run) return ObjectResponse(request, target, before->json(), 200);
  // Still there (finalizers pending): the object, with its deletionTimestamp, as the API
  // server answers; gone: a Success status naming it.
  auto after = cluster_.Get(target.info.gvk, target.namespace_name, target.name);
  if (after.ok() && after->Uid() == before->Uid()) {
    return ObjectResponse(request, target, after->json(), 200);
  }
  return JsonResponse(200, SuccessStatus(target.info, target.name, before->Uid()));
}

ApiResponse ApiHandler::DeleteCollection(const ApiRequest& request, const Target& target) {
  auto list_options = ListOptionsFrom(request.query, target.namespace_name);
  if (!list_options.ok()) return ErrorResponse(list_options.status());
  auto options = DeleteOptionsFrom(request.query, request.body);
  if (!options.ok()) return ErrorResponse(options.status());
  kube::Client& client = ClientFor(request);
  auto list = client.List(target.info.gvk, *list_options);
  if (!list.ok()) return ErrorResponse(list.status());
  kube::Json items = kube::Json::array();
  for (const auto& item : list->items) {
    kube::Status status = client.Delete(target.info.gvk, item.Namespace(), item.Name(), *options);
    if (!status.ok() && status.reason() != kube::StatusReason::kNotFound) {
      return ErrorResponse(status);
    }
    items.push_back(item.json());
  }
  return JsonResponse(200, {{"kind", target.info.gvk.kind + "List"},
                            {"apiVersion", target.info.gvk.ApiVersion()},
                            {"metadata", {{"resourceVersion", list->resource_version}}},
                            {"items", std::move(items)}});
}

std::variant<WatchPlan, ApiResponse> ApiHandler::StartWatch(const ApiRequest& request) {
  RequestInfo info = ParseRequestPath(request.path);
  auto target = Resolve(info);
  if (!target.ok()) return ErrorResponse(target.status());
  if (target->status_subresource) return ErrorResponse(NotFoundPath());
  auto form = NegotiateResponse(request.accept);
  if (!form) {
    return ErrorResponse(kube::Status(kube::StatusReason::kNotAcceptable,
                                      "only the following media types are accepted: "
                                      "application/json"));
  }
  auto options = WatchOptionsFrom(request.query, target->namespace_name);
  if (!options.ok()) return ErrorResponse(options.status());
  if (!target->name.empty()) {
    // A watch of one object by name is a watch with a metadata.name field selector.
    std::string by_name = "metadata.name=" + target->name;
    options->field_selector =
        options->field_selector.empty() ? by_name : options->field_selector + "," + by_name;
  }
  WatchPlan plan;
  plan.form = *form;
  if (plan.form == ResponseForm::kTable) {
    auto include = ParseIncludeObject(QueryValue(request.query, "includeObject").value_or(""));
    if (!include) return ErrorResponse(kube::BadRequestError("includeObject: unsupported value"));
    plan.include = *include;
    plan.columns = ColumnsFor(target->info);
  }
  auto stream = ClientFor(request).Watch(target->info.gvk, *options);
  if (!stream.ok()) return ErrorResponse(stream.status());
  plan.stream = std::move(*stream);
  return plan;
}

std::string ApiHandler::EncodeWatchEvent(const kube::WatchEvent& event, WatchPlan& plan) const {
  kube::Json line = {{"type", kube::WatchEventTypeName(event.type)}};
  bool tabular = plan.form == ResponseForm::kTable &&
                 event.type != kube::WatchEventType::kBookmark &&
                 event.type != kube::WatchEventType::kError;
  if (tabular) {
    line["object"] =
        BuildTable(plan.columns, {event.object.json()}, clock_.Now(), plan.include,
                   kube::StringAt(event.object.json(), {"metadata", "resourceVersion"}), "",
                   !plan.sent_definitions);
    plan.sent_definitions = true;
  } else {
    line["object"] = event.object.json();
  }
  std::string text = line.dump(-1, ' ', false, kube::Json::error_handler_t::replace);
  text.push_back('\n');
  return text;
}

}  // namespace fakecluster::http
