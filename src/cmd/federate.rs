//! `kubefedctl federate`: turns Kubernetes objects (one resource, a namespace with its
//! contents, or a file) into federated objects and applies them to the host, or prints
//! them for GitOps.
//!
//! Unlike the Go tool, output and writes follow one canonical order (namespaces first,
//! then by type and name), writes are server-side applies made concurrently, a re-run
//! changes nothing, and a failing object does not stop the others.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use futures::{StreamExt, TryStreamExt};
use indicatif::{ProgressBar, ProgressStyle};
use kube::{Client, Error as KubeError};
use serde_json::value::RawValue;
use serde_json::{Value, json};

use crate::cli::{DryRun, FederateArgs, GlobalArgs};
use crate::cluster::apply::Writer;
use crate::cluster::discovery::{api_types, find};
use crate::cluster::kubefed::control_plane_view;
use crate::cluster::read::{self, Pages};
use crate::cluster::target::Target;
use crate::cmd::enabling::{apply_plans, plan_type};
use crate::cmd::federated::{Written, check_wait, report_placement, wait_propagated};
use crate::cmd::members::Session;
use crate::cmd::outcome::dry_run_suffix;
use crate::error::{self, ExitStatus, Hinted};
use crate::output::{OutputFormat, Printer};
use crate::plan::enable::{
    DEFAULT_FEDERATED_GROUP, DEFAULT_FEDERATED_VERSION, FederatedType,
    federated_type_config_resource,
};
use crate::plan::federate::{
    Federated, ObjectKey, Placement, default_federated_type, federate, made_by_cluster,
};
use crate::plan::input::one_line;
use crate::plan::join::namespace_resource;
use crate::plan::manifests::{self, builtin_namespaced};
use crate::plan::names::NameError;
use crate::plan::overrides::{OverrideItem, Overrides, parse_overrides_file};
use crate::plan::placement::placement_problems;
use crate::plan::resolve::{self, ApiType};
use crate::program::command_line;

/// Types `--contents` never federates, as in the Go tool: they are made by the cluster.
const ALWAYS_SKIPPED: &[&str] = &[
    "endpoints",
    "events",
    "events.events.k8s.io",
    "propagatedversions.core.kubefed.io",
];

/// How long --enable-type waits for a new federated CRD to be established.
const ENABLE_TIMEOUT: Duration = Duration::from_secs(60);

/// How many types `--contents` lists at once.
const LIST_CONCURRENCY: usize = 8;

/// Federate's arguments, resolved before any request to a cluster (the override file is
/// read here: its errors come before those of the other arguments).
#[derive(Debug, PartialEq)]
pub(crate) struct FederateSettings {
    source: Source,
    /// `-n`: the namespace of the resource, or of a file's namespaced objects that name
    /// none.
    namespace: Option<String>,
    placement: Placement,
    strict: bool,
    concurrency: u16,
    /// How long to wait for propagation; never in a dry run.
    wait: Option<Duration>,
    dry_run: DryRun,
    output: Option<OutputFormat>,
}

/// What to federate.
#[derive(Debug, PartialEq)]
enum Source {
    /// The objects of a file (`-` for standard input).
    File(String),
    Host(HostResource),
}

/// One resource of the host; with `contents`, a namespace and what is in it.
#[derive(Debug, PartialEq)]
struct HostResource {
    type_name: String,
    name: String,
    contents: bool,
    skip_api_resources: Vec<String>,
    enable_type: bool,
}

impl FederateSettings {
    pub(crate) fn resolve(args: &FederateArgs) -> anyhow::Result<FederateSettings> {
        let dry_run = args.dry_run.dry_run;
        check_wait(args.wait.wait, dry_run)?;
        let placement = Placement {
            clusters: args.placement_clusters.clone(),
            selector: args.placement_selector.iter().cloned().collect(),
            overrides: Overrides {
                items: match &args.override_file {
                    Some(file) => read_overrides(file)?,
                    None => Vec::new(),
                },
                changes: args.overrides.clone(),
            },
        };
        placement
            .check_cluster_names()
            .map_err(|e| error::hinted(e, NameError::hint))?;
        let source = match &args.filename {
            Some(file) => {
                if args.type_name.is_some() {
                    bail!("-f/--filename does not take TYPE-NAME or RESOURCE-NAME arguments");
                }
                if args.contents || args.enable_type {
                    bail!(
                        "--contents and --enable-type work with TYPE-NAME RESOURCE-NAME, not \
                         with -f; enable the types of a file with `{}`",
                        command_line("enable")
                    );
                }
                Source::File(file.clone())
            }
            None => Source::Host(HostResource {
                type_name: args
                    .type_name
                    .clone()
                    .context("TYPE-NAME is required (or -f FILE)")?,
                name: args
                    .resource_name
                    .clone()
                    .context("RESOURCE-NAME is required")?,
                contents: args.contents,
                skip_api_resources: args.skip_api_resources.clone(),
                enable_type: args.enable_type,
            }),
        };
        Ok(FederateSettings {
            source,
            namespace: args.namespace.clone(),
            placement,
            strict: args.strict,
            concurrency: args.concurrency,
            wait: args.wait.wait,
            dry_run,
            output: args.output,
        })
    }
}

pub(crate) async fn run(
    args: &FederateArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = FederateSettings::resolve(args)?;
    match &settings.source {
        Source::File(file) => {
            let objects = read_manifests(file)?;
            match settings.output {
                // A file printed as YAML needs no cluster; applying it reads the host's types.
                Some(format) => {
                    let federated = convert_file_objects(objects, None, &settings, printer)?;
                    printer.object_stream(format, federated.iter().map(Encoded::decode))?;
                    Ok(ExitStatus::Success)
                }
                None => {
                    let host = HostTypes::open(global, settings.dry_run).await?;
                    let declared = declared_namespaces(&objects);
                    let federated =
                        convert_file_objects(objects, Some(&host.types), &settings, printer)?;
                    create_namespaces(&host.session.writer, &declared, printer).await?;
                    host.apply(&federated, &settings, printer).await
                }
            }
        }
        Source::Host(resource) => {
            let mut host = HostTypes::open(global, settings.dry_run).await?;
            let (mut federated, to_enable) =
                from_cluster(&host, &settings, resource, printer).await?;
            federated.sort_by(|a, b| a.key.cmp(&b.key));
            let mut plans = Vec::new();
            for target in to_enable.iter().filter(|_| resource.enable_type) {
                let federated_type =
                    FederatedType::of(target, DEFAULT_FEDERATED_GROUP, DEFAULT_FEDERATED_VERSION);
                plans.push(plan_type(host.client(), target, federated_type, host.context()).await?);
            }
            let preview = match (settings.output, settings.dry_run) {
                (Some(format), _) => Some(format),
                // A dry run cannot show writes of types that do not exist yet: it prints
                // what would be created instead (kubefed issue #1102).
                (None, DryRun::Client | DryRun::Server) if !plans.is_empty() => {
                    printer.warn("dry run with --enable-type: printing what would be created");
                    Some(OutputFormat::Yaml)
                }
                (None, _) => None,
            };
            if let Some(format) = preview {
                // What is printed is applied later, elsewhere: its placement problems
                // are said now, while the host that shows them is at hand.
                host.check_placement(&federated, &settings, printer).await?;
                let type_objects = plans
                    .iter()
                    .flat_map(|p| p.objects())
                    .map(|o| Ok(Cow::Borrowed(o)));
                let federated = federated.iter().map(|o| o.decode().map(Cow::Owned));
                printer.object_stream(format, type_objects.chain(federated))?;
                return Ok(ExitStatus::Success);
            }
            if !plans.is_empty() {
                apply_plans(
                    &host.session.writer,
                    &host.session.namespace,
                    &plans,
                    ENABLE_TIMEOUT,
                    printer,
                )
                .await?;
                host.types = api_types(host.client(), host.context()).await?;
            }
            host.apply(&federated, &settings, printer).await
        }
    }
}

/// KubeFed's `overrides` list from a file; errors say where, never what the file holds.
fn read_overrides(file: &Path) -> anyhow::Result<Vec<OverrideItem>> {
    let text = super::read_text(file, "override file")?;
    parse_overrides_file(&text).map_err(|e| {
        anyhow!(
            "invalid override file {}: {}",
            file.display(),
            one_line(&e.to_string())
        )
    })
}

/// The namespaces a file declares as Namespace objects.
fn declared_namespaces(objects: &[Value]) -> Vec<String> {
    objects
        .iter()
        .filter(|o| o["apiVersion"] == "v1" && o["kind"] == "Namespace")
        .filter_map(|o| o["metadata"]["name"].as_str().map(str::to_owned))
        .collect()
}

/// Creates on the host the namespaces a file declares and the host lacks: its federated
/// objects live in them (a FederatedNamespace in the namespace it federates), and the
/// API server refuses objects in a namespace that does not exist.
async fn create_namespaces(
    writer: &Writer,
    namespaces: &[String],
    printer: &Printer,
) -> anyhow::Result<()> {
    let resource = namespace_resource();
    for name in namespaces {
        let target = Target {
            resource: &resource,
            namespace: None,
            name,
        };
        if writer.get(&target).await?.is_some() {
            continue;
        }
        let body = json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}});
        writer.apply(&target, &body).await?;
        printer.line(format_args!(
            "namespace \"{name}\" created on host cluster \"{}\"{}",
            writer.cluster(),
            dry_run_suffix(writer.dry_run())
        ))?;
    }
    Ok(())
}

/// The session on the host with the host's served types, discovered once.
struct HostTypes {
    session: Session,
    types: Vec<ApiType>,
}

impl HostTypes {
    async fn open(global: &GlobalArgs, dry_run: DryRun) -> anyhow::Result<Self> {
        let session = Session::open(global, dry_run).await?;
        let types = api_types(session.writer.client(), session.context()).await?;
        Ok(HostTypes { session, types })
    }

    fn client(&self) -> &Client {
        self.session.writer.client()
    }

    fn context(&self) -> &str {
        self.session.context()
    }

    async fn apply(
        &self,
        federated: &[Encoded],
        settings: &FederateSettings,
        printer: &Printer,
    ) -> anyhow::Result<ExitStatus> {
        // Types the host does not serve are the first thing to fix.
        let resources = served_federated_types(&self.types, federated, self.context())?;
        self.check_placement(federated, settings, printer).await?;
        apply(
            &self.session.writer,
            &resources,
            federated,
            settings.concurrency,
            printer,
        )
        .await?;
        let Some(timeout) = settings.wait else {
            return Ok(ExitStatus::Success);
        };
        let written: Vec<Written> = federated
            .iter()
            .map(|object| {
                let key = &object.key;
                Written {
                    federated_type: resources[&(key.api_version.as_str(), key.kind.as_str())]
                        .qualified_name(),
                    namespace: Some(key.namespace.clone()).filter(|ns| !ns.is_empty()),
                    name: key.name.clone(),
                }
            })
            .collect();
        wait_propagated(&self.session, &written, timeout, printer).await
    }

    /// Warns of placements that can never propagate, or with --strict refuses them.
    /// Without a KubeFed control plane to read there is nothing to check against.
    async fn check_placement(
        &self,
        federated: &[Encoded],
        settings: &FederateSettings,
        printer: &Printer,
    ) -> anyhow::Result<()> {
        let view = match control_plane_view(self.client(), &self.session.namespace, self.context())
            .await
        {
            Ok(view) => view,
            Err(e) => {
                printer.debug(1, format_args!("placement not checked: {e:#}"));
                return Ok(());
            }
        };
        let keys: Vec<&ObjectKey> = federated.iter().map(|o| &o.key).collect();
        let problems = placement_problems(&settings.placement, &keys, &view);
        let subject = match keys.as_slice() {
            [one] => one.describe(),
            many => format!("{} federated objects", many.len()),
        };
        report_placement(&subject, &problems, settings.strict, printer)
    }
}

fn read_manifests(file: &str) -> anyhow::Result<Vec<Value>> {
    let (bytes, source) = if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        (bytes, "standard input".to_owned())
    } else {
        let bytes = std::fs::read(file).map_err(|e| anyhow!("cannot read {file}: {e}"))?;
        (bytes, file.to_owned())
    };
    let objects =
        manifests::parse(&bytes).map_err(|e| anyhow!("cannot load objects from {source}: {e}"))?;
    // As kubectl: an empty file is more likely a mistake than a wish to do nothing.
    if objects.is_empty() {
        bail!("{source} holds no objects (only blank or comment documents)");
    }
    Ok(objects)
}

/// Converts one object; the error names the object.
fn convert(
    object: &Value,
    federated: &FederatedType,
    placement: &Placement,
    namespace: Option<&str>,
) -> anyhow::Result<Federated> {
    federate(object, federated, placement, namespace).map_err(|e| match e.hint() {
        // These errors name the object themselves.
        Some(hint) => Hinted::new(e, hint).into(),
        None => anyhow::Error::new(e).context(format!(
            "cannot federate {} \"{}\"",
            object["kind"].as_str().unwrap_or_default(),
            object["metadata"]["name"].as_str().unwrap_or_default()
        )),
    })
}

/// File objects, federated and in canonical order. Whether a type is namespaced comes
/// from the host's discovery when `types` is given (objects to apply), else from the
/// built-in types known here, else from whether the object names a namespace. Each object
/// as read is dropped once federated.
fn convert_file_objects(
    objects: Vec<Value>,
    types: Option<&[ApiType]>,
    settings: &FederateSettings,
    printer: &Printer,
) -> anyhow::Result<Vec<Encoded>> {
    let mut federated = objects
        .into_iter()
        .map(|object| {
            let kind = object["kind"].as_str().unwrap_or_default();
            let api_version = object["apiVersion"].as_str().unwrap_or_default();
            let served = types
                .into_iter()
                .flatten()
                .find(|t| t.kind == kind && t.api_version() == api_version);
            let namespaced = served.map_or_else(
                || {
                    builtin_namespaced(api_version, kind)
                        .unwrap_or_else(|| object["metadata"]["namespace"].is_string())
                },
                |t| t.namespaced,
            );
            let namespace = settings
                .namespace
                .as_deref()
                .or(namespaced.then_some("default"));
            let converted = convert(
                &object,
                &default_federated_type(kind, namespaced),
                &settings.placement,
                namespace,
            )?;
            for warning in &converted.warnings {
                printer.warn(warning);
            }
            Encoded::new(&converted.object)
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    federated.sort_by(|a, b| a.key.cmp(&b.key));
    Ok(federated)
}

/// One resource of the host, or with `--contents` a namespace and everything in it.
async fn from_cluster(
    host: &HostTypes,
    settings: &FederateSettings,
    resource: &HostResource,
    printer: &Printer,
) -> anyhow::Result<(Vec<Encoded>, Vec<ApiType>)> {
    let (name, placement) = (resource.name.as_str(), &settings.placement);
    let target = find(&host.types, &resource.type_name, None, host.context())?;
    if resource.contents && !(target.group.is_empty() && target.plural == "namespaces") {
        bail!("--contents can only be used with type namespaces");
    }
    let namespace = settings
        .namespace
        .as_deref()
        .or(host.session.kubeconfigs.context_namespace(host.context()))
        .unwrap_or("default")
        .to_owned();
    let ftcs = FederatedTypes::read(
        host.client(),
        &host.session.namespace,
        settings.output.is_some() || resource.enable_type,
    )
    .await?;

    let object_namespace = target.namespaced.then_some(namespace.as_str());
    let object = get_object(
        host.client(),
        target,
        object_namespace,
        name,
        host.context(),
    )
    .await?;
    let content_namespace = if resource.contents {
        Some(name)
    } else {
        object_namespace
    };
    let mut named = TypeObjects::new(target, ftcs.of(target));
    named.add(object, placement, content_namespace)?;
    let mut groups = vec![named];
    if resource.contents {
        let contents = ContentsQuery {
            namespace: name,
            skip: &resource.skip_api_resources,
            federated_types: &ftcs,
            placement,
        };
        groups.extend(contents.federate(host, printer).await?);
    }

    let mut federated = Vec::new();
    let mut to_enable = Vec::new();
    let mut missing = Vec::new();
    let mut warnings = Vec::new();
    for group in groups {
        warnings.extend(group.warnings);
        if group.count == 0 {
            continue;
        }
        match group.federation {
            Federation::Enabled(_) => {}
            Federation::Defaulted(_) => to_enable.push(group.target.clone()),
            Federation::Missing => missing.push(group.target.qualified_name()),
        }
        federated.extend(group.federated);
    }
    if !missing.is_empty() {
        missing.sort();
        return Err(Hinted::new(
            anyhow!("types not enabled for federation: {}", missing.join(", ")),
            format!(
                "enable them with `{}` or --enable-type, or leave them out with --skip-api-resources",
                command_line(format_args!("enable {}", missing.join(" ")))
            ),
        )
        .into());
    }
    for warning in warnings {
        printer.warn(warning);
    }
    Ok((federated, to_enable))
}

async fn get_object(
    client: &Client,
    target: &ApiType,
    namespace: Option<&str>,
    name: &str,
    context: &str,
) -> anyhow::Result<Value> {
    let at = namespace
        .map(|ns| format!("{ns}/{name}"))
        .unwrap_or_else(|| name.to_owned());
    let object = read::get(client, &api_resource(target), namespace, name)
        .await
        .with_context(|| {
            format!(
                "cannot read {} \"{at}\" on context \"{context}\"",
                target.kind
            )
        })?
        .with_context(|| {
            format!(
                "{} \"{at}\" not found on context \"{context}\"",
                target.kind
            )
        })?;
    serde_json::to_value(object).context("cannot encode the object")
}

fn api_resource(t: &ApiType) -> kube::core::ApiResource {
    kube::core::ApiResource::from_gvk_with_plural(
        &kube::core::GroupVersionKind::gvk(&t.group, &t.version, &t.kind),
        &t.plural,
    )
}

/// The objects of one target type, federated as they are read, so the objects as listed
/// are never all held at once.
struct TypeObjects<'a> {
    target: &'a ApiType,
    federation: Federation,
    /// Objects of the type, also those that could not be federated for want of its
    /// federated type.
    count: usize,
    federated: Vec<Encoded>,
    /// Printed once every type is read, in type order, whatever order the lists end in.
    warnings: Vec<String>,
}

impl<'a> TypeObjects<'a> {
    fn new(target: &'a ApiType, federation: Federation) -> Self {
        TypeObjects {
            target,
            federation,
            count: 0,
            federated: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn add(
        &mut self,
        object: Value,
        placement: &Placement,
        namespace: Option<&str>,
    ) -> anyhow::Result<()> {
        self.count += 1;
        let federated_type = match &self.federation {
            Federation::Enabled(t) | Federation::Defaulted(t) => t,
            Federation::Missing => return Ok(()),
        };
        let converted = convert(&object, federated_type, placement, namespace)?;
        self.warnings.extend(converted.warnings);
        self.federated.push(Encoded::new(&converted.object)?);
        Ok(())
    }
}

/// What `--contents` federates: every object of the namespace's namespaced types, as
/// Go's `--contents` chose them: preferred versions only, not the `extensions` group, not
/// federated types, not the always-skipped types or what `--skip-api-resources` names (a
/// type name or a group). Types that cannot be listed are passed over; names that are not
/// DNS-1123 subdomains are skipped with a warning. Unlike Go, objects the cluster makes
/// itself are left out.
struct ContentsQuery<'a> {
    namespace: &'a str,
    skip: &'a [String],
    federated_types: &'a FederatedTypes,
    placement: &'a Placement,
}

impl ContentsQuery<'_> {
    fn skipped(&self, t: &ApiType) -> bool {
        let one = std::slice::from_ref(t);
        t.group == "extensions"
            || (t.group == DEFAULT_FEDERATED_GROUP && t.kind.starts_with("Federated"))
            || ALWAYS_SKIPPED
                .iter()
                .copied()
                .chain(self.skip.iter().map(String::as_str))
                .any(|entry| entry == t.group || resolve::resolve(one, entry, None).is_ok())
    }

    async fn federate<'h>(
        &self,
        host: &'h HostTypes,
        printer: &Printer,
    ) -> anyhow::Result<Vec<TypeObjects<'h>>> {
        let candidates = host
            .types
            .iter()
            .filter(|t| t.preferred && t.namespaced && !self.skipped(t));
        futures::stream::iter(candidates.map(|t| self.federate_type(host.client(), t, printer)))
            .buffered(LIST_CONCURRENCY)
            .try_collect()
            .await
    }

    async fn federate_type<'t>(
        &self,
        client: &Client,
        t: &'t ApiType,
        printer: &Printer,
    ) -> anyhow::Result<TypeObjects<'t>> {
        let namespace = self.namespace;
        let mut objects = TypeObjects::new(t, self.federated_types.of(t));
        list_all(client, t, namespace, |object| {
            let name = object["metadata"]["name"].as_str().unwrap_or_default();
            if let Some(reason) = made_by_cluster(&object) {
                printer.debug(
                    1,
                    format_args!("leaving out {} \"{namespace}/{name}\": {reason}", t.kind),
                );
                Ok(())
            } else if crate::plan::names::is_dns1123_subdomain(name) {
                objects.add(object, self.placement, Some(namespace))
            } else {
                objects.warnings.push(format!(
                    "skipping {} \"{namespace}/{name}\": its name is not a DNS-1123 subdomain",
                    t.kind
                ));
                Ok(())
            }
        })
        .await?;
        Ok(objects)
    }
}

/// Hands each object of a type in a namespace to `each`, page by page; a type that
/// cannot be listed (405, 404) has none.
async fn list_all(
    client: &Client,
    t: &ApiType,
    namespace: &str,
    mut each: impl FnMut(Value) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut pages = Pages::new(client, &api_resource(t), Some(namespace));
    while let Some(page) = pages.next().await {
        let page = match page {
            Ok(page) => page,
            Err(KubeError::Api(status)) if matches!(status.code, 404 | 405) => return Ok(()),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!(
                        "cannot list {} in namespace \"{namespace}\"",
                        t.versioned_name()
                    )
                });
            }
        };
        for item in page {
            let mut object = serde_json::to_value(item).context("cannot encode an object")?;
            // Items of a list carry no apiVersion/kind of their own.
            object["apiVersion"] = Value::String(t.api_version());
            object["kind"] = Value::String(t.kind.clone());
            each(object)?;
        }
    }
    Ok(())
}

/// How a target type is federated.
enum Federation {
    /// With the federated type of its FederatedTypeConfig.
    Enabled(FederatedType),
    /// Not enabled, with the default federated type (print-only and --enable-type runs).
    Defaulted(FederatedType),
    /// Not enabled: its objects make the run fail before anything is written.
    Missing,
}

/// The host's FederatedTypeConfigs, read with one list.
struct FederatedTypes {
    by_name: HashMap<String, FederatedType>,
    /// Print-only and --enable-type runs federate types that are not enabled with the
    /// default federated type, as the Go tool does.
    default_for_missing: bool,
}

impl FederatedTypes {
    async fn read(
        client: &Client,
        namespace: &str,
        default_for_missing: bool,
    ) -> anyhow::Result<Self> {
        // Not kubefed::list_type_configs, whose message differs: this one names no
        // context and asks whether KubeFed is installed.
        let listed = read::list(client, &federated_type_config_resource(), Some(namespace)).await;
        let by_name = match listed {
            Ok(list) => list
                .into_iter()
                .filter_map(|ftc| {
                    Some((ftc.metadata.name.clone()?, FederatedType::of_object(&ftc)?))
                })
                .collect(),
            Err(_) if default_for_missing => HashMap::new(),
            Err(e) => {
                return Err(e).with_context(|| {
                    format!("cannot list FederatedTypeConfigs in namespace \"{namespace}\"; is KubeFed installed?")
                });
            }
        };
        Ok(FederatedTypes {
            by_name,
            default_for_missing,
        })
    }

    fn of(&self, target: &ApiType) -> Federation {
        match self.by_name.get(&target.qualified_name()) {
            Some(federated) => Federation::Enabled(federated.clone()),
            None if self.default_for_missing => Federation::Defaulted(FederatedType::of(
                target,
                DEFAULT_FEDERATED_GROUP,
                DEFAULT_FEDERATED_VERSION,
            )),
            None => Federation::Missing,
        }
    }
}

/// Applies every object, `concurrency` at a time; failures are reported per object and
/// do not stop the rest.
async fn apply(
    writer: &Writer,
    resources: &HashMap<(&str, &str), &ApiType>,
    objects: &[Encoded],
    concurrency: u16,
    printer: &Printer,
) -> anyhow::Result<()> {
    let progress = printer
        .progress()
        .add(ProgressBar::new(objects.len() as u64));
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} federated objects applied")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    progress.enable_steady_tick(Duration::from_millis(100));
    // Only the outcome of each write is kept, not the object the server returned.
    let results: Vec<(String, anyhow::Result<()>)> =
        futures::stream::iter(objects.iter().map(|object| {
            let progress = progress.clone();
            let resources = &resources;
            async move {
                let key = &object.key;
                let (kind, name) = (&key.kind, &key.name);
                let namespace = Some(key.namespace.as_str()).filter(|ns| !ns.is_empty());
                let description = key.describe();
                let served = resources[&(key.api_version.as_str(), kind.as_str())];
                let resource = api_resource(served);
                let target = Target {
                    resource: &resource,
                    namespace: namespace.filter(|_| served.namespaced),
                    name,
                };
                let result = writer.apply(&target, &*object.json).await.map(drop);
                progress.inc(1);
                (description, result)
            }
        }))
        .buffer_unordered(usize::from(concurrency))
        .collect()
        .await;
    progress.finish_and_clear();

    let mut failed = 0;
    for (description, result) in &results {
        if let Err(e) = result {
            failed += 1;
            error::print(
                &anyhow!("{}", error::messages(e).join(": "))
                    .context(format!("{description} not applied")),
            );
        }
    }
    // Written to the host only: the KubeFed controller then propagates them, which the
    // line says so that "cluster1" is not read as where they went.
    let after = if writer.dry_run() == DryRun::None {
        "; the KubeFed controller propagates them to the member clusters"
    } else {
        " (dry run)"
    };
    printer.line(format!(
        "{} of {} federated objects applied on host cluster \"{}\"{after}",
        results.len() - failed,
        results.len(),
        writer.cluster()
    ))?;
    if failed > 0 {
        return Err(anyhow!(
            "{failed} of {} federated objects could not be applied",
            results.len()
        ));
    }
    Ok(())
}

/// The host's type for every federated kind among `objects`. Kinds it does not serve
/// are all named in one error, with the types to enable, before anything is written.
fn served_federated_types<'a, 'o>(
    types: &'a [ApiType],
    objects: &'o [Encoded],
    context: &str,
) -> anyhow::Result<HashMap<(&'o str, &'o str), &'a ApiType>> {
    let mut served = HashMap::new();
    let mut missing = BTreeSet::new();
    for object in objects {
        let (api_version, kind) = (object.key.api_version.as_str(), object.key.kind.as_str());
        match types
            .iter()
            .find(|t| t.kind == kind && t.api_version() == api_version)
        {
            Some(t) => {
                served.insert((api_version, kind), t);
            }
            None => {
                missing.insert((kind, api_version));
            }
        }
    }
    if missing.is_empty() {
        return Ok(served);
    }
    let described: Vec<String> = missing
        .iter()
        .map(|(kind, api_version)| format!("{kind} ({api_version})"))
        .collect();
    // `enable` takes the target kind in lower case as the type's singular name.
    let targets: BTreeSet<String> = missing
        .iter()
        .map(|(kind, _)| {
            kind.strip_prefix("Federated")
                .unwrap_or(kind)
                .to_lowercase()
        })
        .collect();
    let targets: Vec<String> = targets.into_iter().collect();
    let them = if targets.len() == 1 {
        "the type"
    } else {
        "the types"
    };
    Err(Hinted::new(
        anyhow!(
            "context \"{context}\" does not serve {}",
            described.join(", ")
        ),
        format!(
            "enable {them} first: {}",
            command_line(format_args!("enable {}", targets.join(" ")))
        ),
    )
    .into())
}

/// A federated object held as compact JSON until it is printed or written: as a
/// `Value`, each of a thousand federated objects costs kilobytes of map nodes, which
/// made them most of a large federate's memory.
struct Encoded {
    key: ObjectKey,
    json: Box<RawValue>,
}

impl Encoded {
    fn new(object: &Value) -> anyhow::Result<Self> {
        Ok(Encoded {
            key: ObjectKey::of(object),
            json: serde_json::value::to_raw_value(object)
                .context("cannot encode a federated object")?,
        })
    }

    fn decode(&self) -> anyhow::Result<Value> {
        serde_json::from_str(self.json.get()).context("cannot decode a federated object")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Write;

    use super::*;
    use crate::cli::parse_args;

    fn resolve(args: &[&str]) -> anyhow::Result<FederateSettings> {
        FederateSettings::resolve(&parse_args(&[&["federate"], args].concat())?)
    }

    #[test]
    fn a_resource_of_the_host_with_its_contents() {
        let settings = resolve(&[
            "namespace",
            "shop",
            "--contents",
            "-s",
            "pods,replicasets.apps",
            "--enable-type",
            "--placement-clusters",
            "cluster2,cluster3",
            "--placement-selector",
            "region=eu",
            "--override",
            "cluster2:/spec/replicas=5",
            "--strict",
            "--wait",
        ])
        .unwrap();
        assert_eq!(
            settings.source,
            Source::Host(HostResource {
                type_name: "namespace".into(),
                name: "shop".into(),
                contents: true,
                skip_api_resources: vec!["pods".into(), "replicasets.apps".into()],
                enable_type: true,
            })
        );
        assert_eq!(settings.placement.clusters, ["cluster2", "cluster3"]);
        assert_eq!(
            settings.placement.selector,
            BTreeMap::from([("region".into(), "eu".into())])
        );
        assert_eq!(settings.placement.overrides.changes.len(), 1);
        assert!(settings.strict);
        assert_eq!(settings.concurrency, 16);
        assert_eq!(settings.wait, Some(Duration::from_secs(120)));
        assert_eq!(settings.dry_run, DryRun::None);
    }

    #[test]
    fn a_file_with_an_override_file() {
        let mut overrides = tempfile::NamedTempFile::new().unwrap();
        writeln!(
            overrides,
            "- clusterName: cluster2\n  clusterOverrides:\n  - path: /spec/replicas\n    value: 3"
        )
        .unwrap();
        let path = overrides.path().to_str().unwrap();
        let settings = resolve(&[
            "-f",
            "-",
            "--override-file",
            path,
            "-n",
            "shop",
            "-o",
            "yaml",
        ])
        .unwrap();
        assert_eq!(settings.source, Source::File("-".into()));
        assert_eq!(settings.namespace.as_deref(), Some("shop"));
        assert_eq!(settings.placement.overrides.items.len(), 1);
        assert_eq!(
            settings.placement.overrides.items[0].cluster_name,
            "cluster2"
        );
        assert_eq!(settings.output, Some(OutputFormat::Yaml));
        assert_eq!(settings.wait, None);
    }

    #[test]
    fn conflicts_and_names_are_decided_before_any_request() {
        let refused = |args: &[&str]| error::messages(&resolve(args).unwrap_err()).join(": ");
        assert_eq!(
            refused(&["-f", "a.yaml", "--dry-run", "--wait"]),
            "--wait waits for what is written, and a dry run writes nothing"
        );
        assert_eq!(
            refused(&["configmaps", "-f", "a.yaml"]),
            "-f/--filename does not take TYPE-NAME or RESOURCE-NAME arguments"
        );
        assert!(
            refused(&["-f", "a.yaml", "--contents"]).starts_with("--contents and --enable-type")
        );
        assert_eq!(refused(&[]), "TYPE-NAME is required (or -f FILE)");
        assert_eq!(refused(&["configmaps"]), "RESOURCE-NAME is required");
        assert!(
            refused(&["-f", "a.yaml", "--placement-clusters", "Bad_Name"]).contains("Bad_Name")
        );
    }
}
