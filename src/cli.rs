//! Command-line definition (clap derive only; no behaviour here).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::output::OutputFormat;
use crate::plan::duration::parse_duration;
use crate::plan::init::FeatureGates;
use crate::plan::join::{ClusterLabel, Credentials};
use crate::plan::overrides::{
    Change, OverrideError, check_path, parse_change, parse_cluster_change,
};

const ROOT_LONG_ABOUT: &str = "\
kubefedctl controls a Kubernetes Cluster Federation. Find more information at \
https://sigs.k8s.io/kubefed.

Commands talk to the host cluster (the one running the KubeFed control plane) through \
the kubeconfig context given by --host-cluster-context, or the current context.";

const ROOT_AFTER_HELP: &str = "\
Examples:
  # Show the client, Kubernetes server and KubeFed controller versions
  kubefedctl version

  # Use another kubeconfig file and host context
  kubefedctl version --kubeconfig ~/.kube/fed.yaml --host-cluster-context cluster1

Exit status:
  0  success
  1  a query command answered negatively, or a confirmation was declined
  2  error (bad usage, unreachable cluster, rejected request)";

#[derive(Debug, Parser)]
#[command(
    name = "kubefedctl",
    version = concat!(env!("CARGO_PKG_VERSION"), " (commit ", env!("KUBEFEDCTL_GIT_COMMIT"), ")"),
    about = "kubefedctl controls a Kubernetes Cluster Federation",
    long_about = ROOT_LONG_ABOUT,
    after_help = ROOT_AFTER_HELP,
)]
pub struct Cli {
    #[command(flatten)]
    pub(crate) global: GlobalArgs,

    // None: a bare `kubefedctl` prints help.
    #[command(subcommand)]
    pub(crate) command: Option<Command>,
}

impl Cli {
    /// Whether the command contacts no cluster, so that it needs no worker threads.
    pub fn is_offline(&self) -> bool {
        match &self.command {
            None | Some(Command::Completion(_)) => true,
            Some(Command::Version(args)) => args.client,
            Some(_) => false,
        }
    }
}

/// The arguments of the command of the command line `kubefedctl ARGS`, for the tests of
/// each command's settings: parsed as `Cli::try_parse_from` parses them.
#[cfg(test)]
pub(crate) fn parse_args<T: clap::FromArgMatches>(args: &[&str]) -> Result<T, clap::Error> {
    use clap::CommandFactory;
    let matches = Cli::command()
        .try_get_matches_from(std::iter::once("kubefedctl").chain(args.iter().copied()))?;
    let (_, command) = matches
        .subcommand()
        .expect("the command line names a command");
    T::from_arg_matches(command)
}

/// Where KubeFed's control plane lives unless --kubefed-namespace says otherwise.
pub(crate) const DEFAULT_KUBEFED_NAMESPACE: &str = "kube-federation-system";

/// Options accepted by every command.
#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// Path to the kubeconfig file. When set, only this file is read; otherwise the files
    /// listed in KUBECONFIG, else ~/.kube/config
    #[arg(
        long,
        global = true,
        value_name = "PATH",
        help_heading = "Global options"
    )]
    pub kubeconfig: Option<PathBuf>,

    /// Kubeconfig context of the cluster hosting the KubeFed control plane [default: the
    /// current context]
    #[arg(
        long,
        global = true,
        value_name = "CONTEXT",
        help_heading = "Global options"
    )]
    pub host_cluster_context: Option<String>,

    /// Namespace of the KubeFed control plane in the host cluster
    #[arg(
        long,
        global = true,
        value_name = "NAMESPACE",
        default_value = DEFAULT_KUBEFED_NAMESPACE,
        help_heading = "Global options"
    )]
    pub kubefed_namespace: String,

    /// Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with
    /// its answer and duration (accepts --v=2 as the Go kubefedctl did)
    #[arg(
        short = 'v',
        long = "v",
        global = true,
        value_name = "LEVEL",
        default_value_t = 0,
        help_heading = "Global options"
    )]
    pub verbosity: u8,

    /// Suppress warnings and diagnostics on stderr; results and errors are still printed
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,
}

/// What `--dry-run` asks for, as the cluster layer carries it out.
pub(crate) use crate::cluster::apply::DryRun;

/// The `--dry-run` flag of the commands that write.
#[derive(Debug, Args)]
pub(crate) struct DryRunArg {
    /// Preview without changing anything: `client` sends no writes, `server` sends them
    /// with dryRun=All so the API server validates them
    #[arg(
        long = "dry-run",
        value_enum,
        value_name = "MODE",
        num_args = 0..=1,
        require_equals = true,
        default_value = "none",
        default_missing_value = "client"
    )]
    pub dry_run: DryRun,
}

/// The `--wait` flag of the commands that write or show federated resources.
#[derive(Debug, Args)]
pub(crate) struct PropagationWaitArg {
    /// Then wait until every placed cluster holds the resources as their templates and
    /// overrides say, up to DURATION; exit 1 naming each cluster that does not [default
    /// when given without a value: 2m]
    #[arg(
        long,
        value_name = "DURATION",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "2m",
        value_parser = parse_duration
    )]
    pub wait: Option<std::time::Duration>,
}

/// The `--wait` flag of the commands that join members.
#[derive(Debug, Args)]
pub(crate) struct ReadyWaitArg {
    /// Then wait until the KubeFed controller reports each member cluster Ready, up to
    /// DURATION [default when given without a value: 2m]
    #[arg(
        long,
        value_name = "DURATION",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "2m",
        value_parser = parse_duration
    )]
    pub wait: Option<std::time::Duration>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    Enable(EnableArgs),
    Disable(DisableArgs),
    Join(JoinArgs),
    Unjoin(UnjoinArgs),
    Init(InitArgs),
    Teardown(TeardownArgs),
    Federate(FederateArgs),
    Get(GetArgs),
    Diff(DiffArgs),
    OrphaningDeletion(OrphaningDeletionArgs),
    Override(OverrideArgs),
    RotateCredentials(RotateCredentialsArgs),
    Status(StatusArgs),
    Schedule(ScheduleArgs),
    Sync(SyncArgs),
    Dns(DnsArgs),
    Version(VersionArgs),
    Completion(CompletionArgs),
    /// The hidden `__complete` command. Not known to clap, so that no completion script,
    /// man page or help lists it: `program::Program::parse_from` recognises it and keeps
    /// its words verbatim.
    #[command(skip)]
    Complete(CompleteArgs),
}

impl Command {
    /// Whether the command may write to clusters, and so handles Ctrl-C and SIGTERM by
    /// stopping and undoing its work (see `interrupt`) rather than dying mid-way.
    pub(crate) fn writes(&self) -> bool {
        match self {
            Command::Enable(_)
            | Command::Disable(_)
            | Command::Join(_)
            | Command::Unjoin(_)
            | Command::Init(_)
            | Command::Teardown(_)
            | Command::Federate(_)
            | Command::OrphaningDeletion(_)
            | Command::Override(_)
            | Command::RotateCredentials(_)
            | Command::Schedule(_)
            | Command::Sync(_)
            | Command::Dns(_) => true,
            Command::Status(_)
            | Command::Get(_)
            | Command::Diff(_)
            | Command::Version(_)
            | Command::Completion(_)
            | Command::Complete(_) => false,
        }
    }
}

const ENABLE_LONG_ABOUT: &str = "\
Enables a Kubernetes API type (including a CRD) to be propagated to clusters registered \
with a KubeFed control plane: creates the federated type's CRD, waits until it is \
established, then creates a FederatedTypeConfig in --kubefed-namespace for the KubeFed \
controller. The objects are those Go kubefedctl v0.10.0 creates.

NAME is a plural, singular, kind or short name, optionally with its group \
(deployments.apps) and version (deployments.v1.apps). Writes use server-side apply, so \
a re-run changes nothing. With -o the objects are printed and nothing is written.";

const ENABLE_AFTER_HELP: &str = "\
Examples:
  # Enable deployments and configmaps on the control plane of context cluster1
  kubefedctl enable deployments.apps configmaps --host-cluster-context cluster1

  # Print the FederatedTypeConfig and CRD instead of creating them
  kubefedctl enable deployments.apps -o yaml

  # Enable the type an EnableTypeDirective file describes
  kubefedctl enable -f deployment.yaml";

/// Enables propagation of a Kubernetes API type
#[derive(Debug, Args)]
#[command(long_about = ENABLE_LONG_ABOUT, after_help = ENABLE_AFTER_HELP)]
pub(crate) struct EnableArgs {
    /// Types to enable
    #[arg(value_name = "NAME", required_unless_present = "filename")]
    pub names: Vec<String>,

    /// An EnableTypeDirective YAML file naming the type and its federated group and
    /// versions (instead of NAME and the type flags)
    #[arg(short = 'f', long, value_name = "FILE", conflicts_with_all = ["names", "version", "federated_group", "federated_version"])]
    pub filename: Option<PathBuf>,

    /// API group of the federated types
    #[arg(long, value_name = "GROUP", default_value = "types.kubefed.io")]
    pub federated_group: String,

    /// Version of the target type [default: its preferred version]; any served version
    #[arg(long, value_name = "VERSION")]
    pub version: Option<String>,

    /// Version of the federated types
    #[arg(long, value_name = "VERSION", default_value = "v1beta1")]
    pub federated_version: String,

    /// Print the FederatedTypeConfig and CRD of each type instead of writing them
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// How long to wait for each federated CRD to be established
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,

    /// Schema of `spec.template` in the federated CRD
    #[arg(long, value_enum, value_name = "MODE", default_value = "preserve")]
    pub template_schema: TemplateSchema,

    #[command(flatten)]
    pub dry_run: DryRunArg,
}

/// What `enable --template-schema` puts into the federated CRD's `spec.template`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum TemplateSchema {
    /// Any object, unvalidated (as Go kubefedctl)
    #[default]
    Preserve,
    /// The target type's structural schema: the API server validates templates
    Full,
}

const DISABLE_LONG_ABOUT: &str = "\
Disables propagation of a Kubernetes API type: sets the FederatedTypeConfig's \
propagation to Disabled, waits until the KubeFed controller reports its sync controller \
stopped, and deletes the FederatedTypeConfig. With --delete-crd the federated type's CRD \
is deleted too, and with it every federated object of the type (their member objects are \
removed first by the controller); that needs a confirmation, or --yes.

NAME is a FederatedTypeConfig name (deployments.apps) or any type name enable accepts.";

const DISABLE_AFTER_HELP: &str = "\
Examples:
  # Stop propagating deployments
  kubefedctl disable deployments.apps --host-cluster-context cluster1

  # Also delete the FederatedDeployment CRD and every FederatedDeployment
  kubefedctl disable deployments.apps --delete-crd --yes";

/// Disables propagation of a Kubernetes API type
#[derive(Debug, Args)]
#[command(long_about = DISABLE_LONG_ABOUT, after_help = DISABLE_AFTER_HELP)]
pub(crate) struct DisableArgs {
    /// Types to disable
    #[arg(value_name = "NAME", required = true)]
    pub names: Vec<String>,

    /// Also delete the federated type's CRD and all its objects
    #[arg(long)]
    pub delete_crd: bool,

    /// Delete federated objects without asking (needed when stdin is not a terminal)
    #[arg(short, long)]
    pub yes: bool,

    /// API group of the federated type, to find its CRD when the FederatedTypeConfig is
    /// gone
    #[arg(
        long,
        value_name = "GROUP",
        default_value = "types.kubefed.io",
        requires = "delete_crd"
    )]
    pub federated_group: String,

    /// Version of the target type, to find the CRD when the FederatedTypeConfig is gone
    #[arg(long, value_name = "VERSION", requires = "delete_crd")]
    pub version: Option<String>,

    #[command(flatten)]
    pub dry_run: DryRunArg,
}

const JOIN_LONG_ABOUT: &str = "\
Register one or more clusters with a KubeFed control plane.

On each member cluster, join creates the KubeFed namespace, a service account \
<CLUSTER_NAME>-<HOST_NAME> with an explicit token Secret, and RBAC that grants the \
control plane access (cluster-wide, or the KubeFed namespace only when the control plane \
is Namespaced-scoped, as read from the host's KubeFedConfig). On the host cluster it \
stores the token in a Secret and creates the KubeFedCluster object. These are the objects \
Go kubefedctl v0.10.0 creates, so either tool can unjoin what the other joined.

With --credentials kubeconfig, join creates nothing on the member: the host Secret gets \
the bearer token of the member's kubeconfig context (a token that someone with rights on \
the member issued, with the access they chose), so no admin credentials of the member are \
needed. Unjoin then leaves the member alone; the token is rotated where it was issued, \
and rotate-credentials switches the control plane to the new one.

Writes use server-side apply. If a step fails, everything this run created is deleted \
again. Several clusters are joined in parallel.

With --wait, join also waits until the KubeFed controller reports each joined cluster \
Ready, and fails with the state and reason the controller gave when it does not within \
the time given; the join itself stays.";

const JOIN_AFTER_HELP: &str = "\
Examples:
  # Join the cluster of context cluster2 to the control plane on context cluster1
  kubefedctl join cluster2 --host-cluster-context cluster1

  # Join a cluster under another name than its context
  kubefedctl join prod-eu --cluster-context arn:aws:eks:eu-west-1:123456789012:cluster/prod

  # Join three clusters at once; the cluster names are their context names
  kubefedctl join cluster2 cluster3 cluster4 --host-cluster-context cluster1

  # Join, then wait up to 5 minutes until the controller reports the cluster Ready
  kubefedctl join cluster2 --host-cluster-context cluster1 --wait=5m

  # Preview every object for GitOps without changing anything
  kubefedctl join cluster2 --host-cluster-context cluster1 --dry-run -o yaml

  # Let the control plane use the token of context cluster2-fed, creating nothing there
  kubefedctl join cluster2 --cluster-context cluster2-fed --credentials kubeconfig";

/// Register a cluster with a KubeFed control plane
#[derive(Debug, Args)]
#[command(long_about = JOIN_LONG_ABOUT, after_help = JOIN_AFTER_HELP)]
pub(crate) struct JoinArgs {
    /// Names of the clusters to join; each is also its kubeconfig context unless
    /// --cluster-context says otherwise
    #[arg(value_name = "CLUSTER_NAME", required = true)]
    pub clusters: Vec<String>,

    #[command(flatten)]
    pub member: MemberArgs,

    /// Name of the host Secret that stores the member's token [default: the Secret of an
    /// earlier join, else a name generated from <CLUSTER_NAME>-]
    #[arg(long, value_name = "NAME")]
    pub secret_name: Option<String>,

    /// Fail if objects of an earlier join exist; with --error-on-existing=false a re-run
    /// brings them to the desired state
    #[arg(
        long,
        value_name = "BOOL",
        default_value_t = true,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        action = clap::ArgAction::Set
    )]
    pub error_on_existing: bool,

    /// How long to wait for the member's token controller to fill the token Secret
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub token_timeout: std::time::Duration,

    /// Where the control plane's token for the member comes from
    #[arg(long, value_enum, value_name = "FROM", default_value_t = Credentials::ServiceAccount)]
    pub credentials: Credentials,

    /// Label for the KubeFedClusters (repeatable), for placement cluster selectors;
    /// CLUSTER:KEY=VALUE labels only that cluster
    #[arg(long = "label", value_name = "[CLUSTER:]KEY=VALUE", value_parser = parse_cluster_label)]
    pub labels: Vec<ClusterLabel>,

    /// Also label the KubeFedCluster with the region, zone and cloud provider read from
    /// the member's nodes
    #[arg(long)]
    pub auto_labels: bool,

    #[command(flatten)]
    pub ready: ReadyWaitArg,

    #[command(flatten)]
    pub dry_run: DryRunArg,

    /// Also print the objects written (the token is never printed), member and host side
    /// marked
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

/// Options shared by join and unjoin about the member clusters.
#[derive(Debug, Args)]
pub(crate) struct MemberArgs {
    /// Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one
    /// cluster
    #[arg(long, value_name = "CONTEXT")]
    pub cluster_context: Option<String>,

    /// Name of the host cluster used in member object names [default: the host context,
    /// made a valid object name when it is not one]
    #[arg(long, value_name = "NAME")]
    pub host_cluster_name: Option<String>,

    /// How many clusters to work on at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
}

const FEDERATE_LONG_ABOUT: &str = "\
Create federated resources from Kubernetes resources: one resource of the host cluster, a \
whole namespace with --contents, or the objects of a file.

The federated object's template is the resource without its status and without every \
metadata field but labels, and without what each member fills in itself: cluster IPs, node \
ports and IP families a server allocated, a Job's generated selector, the volume a claim was \
bound to, ServiceAccount secrets, Namespace finalizers. What the user chose stays: a headless \
Service stays headless, a node port set by hand stays. Service-account token Secrets are \
refused. The default placement selects every member cluster.

With -o yaml|json the federated objects are printed (for a file, without contacting any \
cluster); otherwise they are applied to the host cluster with server-side apply, several at \
a time. Output and writes follow one order: namespaces first, then by type and name.";

const FEDERATE_AFTER_HELP: &str = "\
Examples:
  # Federate one ConfigMap of the host cluster
  kubefedctl federate configmaps my-cm -n my-ns --host-cluster-context cluster1

  # Federate a namespace and everything in it, leaving out pods and replica sets
  kubefedctl federate namespace my-ns --contents --skip-api-resources pods,replicasets.apps

  # Federate the objects of a manifest file into YAML, offline
  kubefedctl federate -f app.yaml -o yaml > federated-app.yaml

  # Federate a manifest from standard input and apply it to the host cluster
  kubectl get cm my-cm -n my-ns -o yaml | kubefedctl federate -f - --host-cluster-context cluster1

  # Place the federated objects on two clusters only
  kubefedctl federate -f app.yaml --placement-clusters cluster2,cluster3 -o yaml";

/// Federate creates a federated resource from a kubernetes resource
#[derive(Debug, Args)]
#[command(long_about = FEDERATE_LONG_ABOUT, after_help = FEDERATE_AFTER_HELP)]
pub(crate) struct FederateArgs {
    /// Type of the resource to federate (e.g. configmaps, deployments.apps)
    #[arg(value_name = "TYPE-NAME")]
    pub type_name: Option<String>,

    /// Name of the resource to federate
    #[arg(value_name = "RESOURCE-NAME")]
    pub resource_name: Option<String>,

    /// Namespace of the resource; for -f, where objects of namespaced types without a
    /// namespace go [default: default]
    #[arg(short, long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// Enable the types that are not enabled yet (as `kubefedctl enable` does by
    /// default); with --dry-run, print what would be created instead
    #[arg(short = 't', long)]
    pub enable_type: bool,

    /// With type namespaces: also federate every object in the namespace
    #[arg(short = 'c', long)]
    pub contents: bool,

    /// With --contents: types (plural, singular, kind, short or group-qualified name) or
    /// whole API groups to leave out (comma-separated, repeatable); endpoints and events
    /// are always left out
    #[arg(short = 's', long, value_name = "TYPE,...", value_delimiter = ',')]
    pub skip_api_resources: Vec<String>,

    /// File of objects to federate (multi-document YAML or JSON, `List` kinds too); `-`
    /// reads standard input
    #[arg(short = 'f', long, value_name = "FILE")]
    pub filename: Option<String>,

    /// Place the federated objects on these clusters only (comma-separated)
    #[arg(long, value_name = "CLUSTER,...", value_delimiter = ',')]
    pub placement_clusters: Vec<String>,

    /// Place the federated objects on clusters with this label (repeatable)
    #[arg(long, value_name = "KEY=VALUE", value_parser = parse_key_value)]
    pub placement_selector: Vec<(String, String)>,

    /// Change a field of the objects in one cluster (repeatable): PATH is a JSON pointer
    /// into the object, VALUE is JSON or else a string; CLUSTER:PATH- removes the field
    #[arg(long = "override", value_name = "CLUSTER:PATH=VALUE", value_parser = parse_cluster_change)]
    pub overrides: Vec<(String, Change)>,

    /// KubeFed's own `overrides` list (clusterName, clusterOverrides of op, path, value)
    /// for the objects; --override changes apply on top
    #[arg(long, value_name = "FILE")]
    pub override_file: Option<PathBuf>,

    /// Refuse, before writing anything, a placement that cannot propagate (a cluster
    /// that is not joined, a selector that selects none, a namespace that is not
    /// federated) instead of warning about it
    #[arg(long)]
    pub strict: bool,

    /// How many objects to apply at once
    #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,

    #[command(flatten)]
    pub wait: PropagationWaitArg,

    #[command(flatten)]
    pub dry_run: DryRunArg,

    /// Print the federated objects instead of applying them
    #[arg(
        short,
        long,
        value_enum,
        value_name = "FORMAT",
        conflicts_with = "wait"
    )]
    pub output: Option<OutputFormat>,
}

const UNJOIN_LONG_ABOUT: &str = "\
Remove the registration of one or more clusters from a KubeFed control plane.

Deletes on each member what join created (RBAC of either scope, the service account and \
its token Secret, and the KubeFed namespace unless the member is the host itself or \
other control planes' service accounts still live in it), then the host Secret and the \
KubeFedCluster. Unjoining a cluster that is not joined succeeds.";

const UNJOIN_AFTER_HELP: &str = "\
Examples:
  # Unjoin cluster2 from the control plane on context cluster1
  kubefedctl unjoin cluster2 --host-cluster-context cluster1

  # The member is gone or unreachable: remove its registration anyway
  kubefedctl unjoin cluster2 --host-cluster-context cluster1 --force";

/// Remove the registration of a cluster from a KubeFed control plane
#[derive(Debug, Args)]
#[command(long_about = UNJOIN_LONG_ABOUT, after_help = UNJOIN_AFTER_HELP)]
pub(crate) struct UnjoinArgs {
    /// Names of the clusters to unjoin
    #[arg(value_name = "CLUSTER_NAME", required = true)]
    pub clusters: Vec<String>,

    #[command(flatten)]
    pub member: MemberArgs,

    /// Go on when the member cannot be reached or its context is gone, and report what
    /// could not be removed
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub dry_run: DryRunArg,

    /// Print the result of each cluster as a document (cluster, wasJoined, dryRun,
    /// leftBehind) instead of lines
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

const INIT_LONG_ABOUT: &str = "\
Install on the host cluster what the KubeFed controller manager needs: the KubeFed \
namespace (--kubefed-namespace), the KubeFed CRDs (core.kubefed.io and \
scheduling.kubefed.io, embedded in kubefedctl) and the KubeFedConfig \"kubefed\" with \
every field set (the flags below override the defaults).

--enable-defaults also enables the default types, as `kubefedctl enable` does: \
namespaces, clusterroles, clusterrolebindings, serviceaccounts, secrets, configmaps, \
services, ingresses, replicasets, jobs and deployments. --controller-image also installs \
the controller manager: its ServiceAccount, RBAC for the scope and a Deployment.

Writes use server-side apply, so a re-run changes nothing and brings changed fields back. \
With -o the objects are printed and nothing is written (the host is only read, for \
--enable-defaults).";

const INIT_AFTER_HELP: &str = "\
Examples:
  # Install KubeFed's API on the cluster of context cluster1, with the default types
  kubefedctl init --enable-defaults --host-cluster-context cluster1

  # A Namespaced control plane that checks member health every 30 seconds
  kubefedctl init --scope Namespaced --cluster-health-check-period 30s

  # Everything, controller included, as YAML for GitOps
  kubefedctl init --enable-defaults --dry-run -o yaml \\
    --controller-image quay.io/kubernetes-multicluster/kubefed:v0.10.0";

/// Install the KubeFed CRDs and configuration on the host cluster
#[derive(Debug, Args)]
#[command(long_about = INIT_LONG_ABOUT, after_help = INIT_AFTER_HELP)]
pub(crate) struct InitArgs {
    /// Scope of the control plane: Cluster federates every namespace, Namespaced only
    /// the KubeFed namespace (cannot be changed later)
    #[arg(long, value_enum, value_name = "SCOPE", default_value = "Cluster")]
    pub scope: InitScope,

    /// Also enable the default types
    #[arg(long)]
    pub enable_defaults: bool,

    /// Also install the KubeFed controller manager with this image
    #[arg(long, value_name = "IMAGE")]
    pub controller_image: Option<String>,

    /// Also install the CRDs of cross-cluster service discovery (Domain,
    /// ServiceDNSRecord, IngressDNSRecord, DNSEndpoint), for `dns`
    #[arg(long)]
    pub dns: bool,

    /// How often the controller checks member cluster health
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration, help_heading = "KubeFedConfig")]
    pub cluster_health_check_period: std::time::Duration,

    /// How long one member health check may take
    #[arg(long, value_name = "DURATION", default_value = "3s", value_parser = parse_duration, help_heading = "KubeFedConfig")]
    pub cluster_health_check_timeout: std::time::Duration,

    /// Failed health checks in a row before a member is not ready
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..), help_heading = "KubeFedConfig")]
    pub cluster_health_check_failure_threshold: u32,

    /// Wait before reconciling on a member that became ready
    #[arg(long, value_name = "DURATION", default_value = "20s", value_parser = parse_duration, help_heading = "KubeFedConfig")]
    pub cluster_available_delay: std::time::Duration,

    /// Wait before giving up on a member that became unready
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration, help_heading = "KubeFedConfig")]
    pub cluster_unavailable_delay: std::time::Duration,

    /// Leader-election lease duration
    #[arg(long, value_name = "DURATION", default_value = "15s", value_parser = parse_duration, help_heading = "KubeFedConfig")]
    pub leader_elect_lease_duration: std::time::Duration,

    /// Leader-election renew deadline (shorter than the lease duration)
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration, help_heading = "KubeFedConfig")]
    pub leader_elect_renew_deadline: std::time::Duration,

    /// Leader-election retry period (the renew deadline must be longer than 1.2 times it)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration, help_heading = "KubeFedConfig")]
    pub leader_elect_retry_period: std::time::Duration,

    /// Objects the sync and the status controller reconcile at once
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..), help_heading = "KubeFedConfig")]
    pub max_concurrent_reconciles: u32,

    /// Whether KubeFed adopts objects that already exist in member clusters
    #[arg(
        long,
        value_name = "BOOL",
        default_value_t = true,
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "true",
        action = clap::ArgAction::Set,
        help_heading = "KubeFedConfig"
    )]
    pub adopt_resources: bool,

    /// Turn KubeFed's feature gates on or off (comma-separated, repeatable):
    /// PushReconciler, SchedulerPreferences (on by default), RawResourceStatusCollection
    /// (off)
    #[arg(
        long,
        value_name = "NAME=BOOL,...",
        value_delimiter = ',',
        value_parser = parse_feature_gate,
        help_heading = "KubeFedConfig"
    )]
    pub feature_gates: Vec<(String, String)>,

    /// How long to wait for the CRDs to be established
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,

    #[command(flatten)]
    pub dry_run: DryRunArg,

    /// Print the objects instead of writing them
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

/// `init --scope`, spelled as in the KubeFedConfig.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum InitScope {
    #[value(name = "Cluster", alias = "cluster")]
    Cluster,
    #[value(name = "Namespaced", alias = "namespaced")]
    Namespaced,
}

const TEARDOWN_LONG_ABOUT: &str = "\
Remove the KubeFed control plane from the host cluster and its members, in four steps: \
1. unjoin every member cluster (as `kubefedctl unjoin`); 2. delete every federated \
resource; 3. delete the FederatedTypeConfigs and their federated CRDs; 4. delete the \
controller manager `init --controller-image` installed, the KubeFedConfig, the KubeFed \
CRDs and the KubeFed namespace if `init` created it.

The objects KubeFed propagated stay in the member clusters: members are unjoined first, \
so workloads keep running. Member clusters are reached through the kubeconfig context \
named after each cluster, as join names them.

Teardown first lists what it will delete and asks on a terminal; declining changes \
nothing and exits with status 1. --yes skips the question, and without a terminal --yes \
is required. It stops at the first step that \
fails; run it again to resume, since it only deletes what is still there.";

const TEARDOWN_AFTER_HELP: &str = "\
Examples:
  # List what would be deleted
  kubefedctl teardown --host-cluster-context cluster1 --dry-run

  # Remove everything without a question, also unregistering unreachable members
  kubefedctl teardown --host-cluster-context cluster1 --yes --force";

/// Remove KubeFed from the host cluster and its members
#[derive(Debug, Args)]
#[command(long_about = TEARDOWN_LONG_ABOUT, after_help = TEARDOWN_AFTER_HELP)]
pub(crate) struct TeardownArgs {
    /// Delete without asking (needed when stdin is not a terminal)
    #[arg(short, long)]
    pub yes: bool,

    /// Only list what would be deleted
    #[arg(long)]
    pub dry_run: bool,

    /// Unjoin members that cannot be reached, reporting what was left on them
    #[arg(long)]
    pub force: bool,

    /// Name of the host cluster used in member object names [default: the host context,
    /// made a valid object name when it is not one]
    #[arg(long, value_name = "NAME")]
    pub host_cluster_name: Option<String>,

    /// How many clusters to unjoin at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,

    /// How long to wait for each deletion to finish
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub timeout: std::time::Duration,

    /// Print what was (or with --dry-run would be) deleted as one document
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

/// A label as `KEY=VALUE`.
fn parse_key_value(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.is_empty() => Ok((key.to_owned(), value.to_owned())),
        _ => Err(format!("invalid label \"{text}\": expected KEY=VALUE")),
    }
}

/// `NAME=true|false` for a feature gate KubeFed has.
fn parse_feature_gate(text: &str) -> Result<(String, String), String> {
    let (name, value) = text
        .split_once('=')
        .ok_or_else(|| format!("invalid feature gate \"{text}\": expected NAME=true|false"))?;
    let gate = (name.to_owned(), value.to_owned());
    FeatureGates::with(std::slice::from_ref(&gate)).map_err(|e| e.to_string())?;
    Ok(gate)
}

/// `KEY=VALUE`, or `CLUSTER:KEY=VALUE` for one cluster of the call: label keys and values
/// cannot hold a colon, so one before the `=` names the cluster.
fn parse_cluster_label(text: &str) -> Result<ClusterLabel, String> {
    let invalid = || format!("invalid label \"{text}\": expected KEY=VALUE or CLUSTER:KEY=VALUE");
    let (key, value) = text.split_once('=').ok_or_else(invalid)?;
    let (cluster, key) = match key.split_once(':') {
        Some((cluster, key)) => (Some(cluster), key),
        None => (None, key),
    };
    if key.is_empty() || cluster.is_some_and(str::is_empty) {
        return Err(invalid());
    }
    Ok(ClusterLabel {
        cluster: cluster.map(str::to_owned),
        key: key.to_owned(),
        value: value.to_owned(),
    })
}

const ORPHANING_LONG_ABOUT: &str = "\
Manage the orphaning delete policy of a federated resource: its kubefed.io/orphan \
annotation. With the annotation set to \"true\", deleting the federated resource leaves \
the resources KubeFed created in the member clusters in place (KubeFed only stops \
managing them); without it, they are deleted before the federated resource is.

TYPE names the federated type (federatedconfigmaps, FederatedDeployment, as the Go tool \
took it) or the type it federates (configmaps, deployments.apps): a target type is looked \
up in its FederatedTypeConfig in --kubefed-namespace to find the federated type. NAME is \
the federated resource's name; it lives in -n NAMESPACE, else the context's namespace, \
else default (a FederatedNamespace lives in the namespace NAME).";

const ORPHANING_AFTER_HELP: &str = "\
Examples:
  # Keep the member clusters' ConfigMaps when the FederatedConfigMap web is deleted
  kubefedctl orphaning-deletion enable configmaps web -n my-ns

  # Show whether orphaning is enabled
  kubefedctl orphaning-deletion status federatedconfigmaps web -n my-ns

  # Delete the member clusters' ConfigMaps with the federated one again (the default)
  kubefedctl orphaning-deletion disable configmaps web -n my-ns";

/// Manage orphaning delete policy
#[derive(Debug, Args)]
#[command(long_about = ORPHANING_LONG_ABOUT, after_help = ORPHANING_AFTER_HELP)]
pub(crate) struct OrphaningDeletionArgs {
    // None: a bare `orphaning-deletion` prints its help, as in Go.
    #[command(subcommand)]
    pub command: Option<OrphaningCommand>,
}

const ORPHANING_ENABLE_LONG_ABOUT: &str = "\
Enable the orphaning (i.e. retention) of resources managed by a federated resource upon \
its removal: set the federated resource's kubefed.io/orphan annotation to \"true\". \
Deleting the federated resource then leaves its resources in the member clusters in \
place.

The annotation is set with a merge patch, which changes nothing else; a resource that \
already has it is left alone. TYPE and NAME are explained in the help of \
orphaning-deletion.";

const ORPHANING_ENABLE_AFTER_HELP: &str = "\
Examples:
  # Orphan the member clusters' Deployments of the FederatedDeployment web
  kubefedctl orphaning-deletion enable deployments.apps web -n my-ns

  # The same, naming the federated type as the Go tool required
  kubefedctl orphaning-deletion enable federateddeployments web -n my-ns

  # Check with the API server without changing anything
  kubefedctl orphaning-deletion enable deployments.apps web -n my-ns --dry-run=server";

const ORPHANING_DISABLE_LONG_ABOUT: &str = "\
Disable orphaning deletion to ensure the removal of managed resources before removing \
the managing federated resource: remove the federated resource's kubefed.io/orphan \
annotation (the default policy).

A resource without the annotation, or with a value other than \"true\" (which KubeFed \
already treats as disabled), is left alone. TYPE and NAME are explained in the help of \
orphaning-deletion.";

const ORPHANING_DISABLE_AFTER_HELP: &str = "\
Examples:
  # Delete the member clusters' ConfigMaps together with the FederatedConfigMap web
  kubefedctl orphaning-deletion disable configmaps web -n my-ns

  # Preview without sending the change
  kubefedctl orphaning-deletion disable configmaps web -n my-ns --dry-run";

const ORPHANING_STATUS_LONG_ABOUT: &str = "\
Get the orphaning deletion status of the federated resource: print Enabled when its \
kubefed.io/orphan annotation is \"true\", else Disabled (as the Go tool did). With -o \
json|yaml, print one document with the federated kind and type, namespace, name and \
orphaningEnabled (true or false).

TYPE and NAME are explained in the help of orphaning-deletion.";

const ORPHANING_STATUS_AFTER_HELP: &str = "\
Examples:
  # Enabled or Disabled
  kubefedctl orphaning-deletion status configmaps web -n my-ns

  # For scripts
  kubefedctl orphaning-deletion status configmaps web -n my-ns -o json | jq .orphaningEnabled";

#[derive(Debug, Subcommand)]
pub(crate) enum OrphaningCommand {
    /// Enable the orphaning (i.e. retention) of resources managed by a federated resource
    /// upon its removal
    #[command(
        long_about = ORPHANING_ENABLE_LONG_ABOUT,
        after_help = ORPHANING_ENABLE_AFTER_HELP
    )]
    Enable(OrphaningChangeArgs),
    /// Disable orphaning deletion to ensure the removal of managed resources before
    /// removing the managing federated resource
    #[command(
        long_about = ORPHANING_DISABLE_LONG_ABOUT,
        after_help = ORPHANING_DISABLE_AFTER_HELP
    )]
    Disable(OrphaningChangeArgs),
    /// Get the orphaning deletion status of the federated resource
    #[command(
        long_about = ORPHANING_STATUS_LONG_ABOUT,
        after_help = ORPHANING_STATUS_AFTER_HELP
    )]
    Status(OrphaningStatusArgs),
}

/// The federated resource an `orphaning-deletion` or `override` subcommand works on.
#[derive(Clone, Debug, PartialEq, Args)]
pub(crate) struct FederatedResourceArgs {
    /// Federated type (federatedconfigmaps) or the type it federates (configmaps)
    #[arg(value_name = "TYPE")]
    pub type_name: String,

    /// Name of the federated resource
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Namespace of the federated resource [default: the context's namespace, else
    /// default; for a FederatedNamespace, NAME]
    #[arg(short, long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
}

/// Arguments of `orphaning-deletion enable` and `disable`.
#[derive(Debug, Args)]
pub(crate) struct OrphaningChangeArgs {
    #[command(flatten)]
    pub resource: FederatedResourceArgs,

    #[command(flatten)]
    pub dry_run: DryRunArg,
}

/// Arguments of `orphaning-deletion status`.
#[derive(Debug, Args)]
pub(crate) struct OrphaningStatusArgs {
    #[command(flatten)]
    pub resource: FederatedResourceArgs,

    /// Print one YAML or JSON document instead of Enabled/Disabled
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

const OVERRIDE_LONG_ABOUT: &str = "\
Manage the per-cluster overrides of a federated resource: the JSON-patch operations \
(spec.overrides) the KubeFed controller applies to the template for one cluster, so that \
cluster gets other replicas, another image or an extra label.

TYPE and NAME name the federated resource as orphaning-deletion takes them. PATH is a \
JSON pointer into the object the member gets (/spec/replicas, \
/spec/template/spec/containers/0/image, /metadata/labels/tier); KubeFed refuses \
/metadata/name, /metadata/namespace, /metadata/generateName and /kind. Changing one \
cluster's overrides keeps every other override, and a concurrent change of the object \
is not lost: the write names the resourceVersion it read and is retried on a conflict.";

const OVERRIDE_AFTER_HELP: &str = "\
Examples:
  # Three replicas of the FederatedDeployment web in cluster2
  kubefedctl override set deployments.apps web -n shop --cluster cluster2 /spec/replicas=3

  # Another image and an extra label in cluster3; remove a field there
  kubefedctl override set deployments.apps web -n shop --cluster cluster3 \\
    /spec/template/spec/containers/0/image=nginx:1.27-alpine /metadata/labels/canary=true \\
    /spec/minReadySeconds-

  # Take the replicas override away: cluster2 gets the template's replicas again
  kubefedctl override remove deployments.apps web -n shop --cluster cluster2 /spec/replicas

  # Show every override of web
  kubefedctl override list deployments.apps web -n shop -o yaml";

/// Per-cluster overrides of a federated resource
#[derive(Debug, Args)]
#[command(long_about = OVERRIDE_LONG_ABOUT, after_help = OVERRIDE_AFTER_HELP)]
pub(crate) struct OverrideArgs {
    #[command(subcommand)]
    pub command: OverrideCommand,
}

#[derive(Debug, Subcommand)]
pub(crate) enum OverrideCommand {
    /// Set fields of a federated resource in one cluster, or remove them there
    #[command(
        long_about = "Set fields of a federated resource in one cluster (PATH=VALUE, VALUE \
                      as JSON or else a string), or remove them there (PATH-). A field the \
                      template has is replaced, one it lacks is added; the cluster's other \
                      overrides, and every other cluster's, are kept.",
        after_help = "Examples:
  # Three replicas of the FederatedDeployment web in cluster2
  kubefedctl override set deployments.apps web -n shop --cluster cluster2 /spec/replicas=3

  # A label and no minReadySeconds in cluster3
  kubefedctl override set deployments.apps web -n shop --cluster cluster3 /metadata/labels/canary=true /spec/minReadySeconds-"
    )]
    Set(OverrideSetArgs),
    /// Take overrides of a federated resource away in one cluster
    #[command(
        long_about = "Take overrides of a federated resource away in one cluster, so that it \
                      gets the template's value again. A cluster left without overrides \
                      leaves the list.",
        after_help = "Examples:
  # cluster2 gets the template's replicas again
  kubefedctl override remove deployments.apps web -n shop --cluster cluster2 /spec/replicas"
    )]
    Remove(OverrideRemoveArgs),
    /// List the overrides of a federated resource
    #[command(
        long_about = "List the overrides of a federated resource: a table of cluster, \
                      operation, path and value, or KubeFed's own list with -o yaml|json \
                      (which override-file takes back).",
        after_help = "Examples:
  # The overrides of the FederatedDeployment web
  kubefedctl override list deployments.apps web -n shop

  # As a file for federate --override-file
  kubefedctl override list deployments.apps web -n shop -o yaml > web-overrides.yaml"
    )]
    List(OverrideListArgs),
}

#[derive(Debug, Args)]
pub(crate) struct OverrideSetArgs {
    #[command(flatten)]
    pub resource: FederatedResourceArgs,

    /// The member cluster the overrides are for
    #[arg(long, value_name = "CLUSTER")]
    pub cluster: String,

    /// What to change: PATH=VALUE sets, PATH- removes
    #[arg(value_name = "PATH=VALUE|PATH-", required = true, value_parser = parse_change)]
    pub changes: Vec<Change>,

    /// Refuse, before writing anything, overrides that cannot take effect (the cluster is
    /// not joined or not placed, the placement selects none, the namespace is not
    /// federated) instead of warning about them
    #[arg(long)]
    pub strict: bool,

    #[command(flatten)]
    pub wait: PropagationWaitArg,

    #[command(flatten)]
    pub dry_run: DryRunArg,
}

#[derive(Debug, Args)]
pub(crate) struct OverrideRemoveArgs {
    #[command(flatten)]
    pub resource: FederatedResourceArgs,

    /// The member cluster whose overrides go
    #[arg(long, value_name = "CLUSTER")]
    pub cluster: String,

    /// The overridden paths to take away
    #[arg(value_name = "PATH", required = true, value_parser = parse_path)]
    pub paths: Vec<String>,

    #[command(flatten)]
    pub wait: PropagationWaitArg,

    #[command(flatten)]
    pub dry_run: DryRunArg,
}

#[derive(Debug, Args)]
pub(crate) struct OverrideListArgs {
    #[command(flatten)]
    pub resource: FederatedResourceArgs,

    /// Print the overrides as KubeFed's list in YAML or JSON instead of a table
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

fn parse_path(text: &str) -> Result<String, OverrideError> {
    check_path(text).map(|()| text.to_owned())
}

const GET_LONG_ABOUT: &str = "\
Show where federated resources went: for each federated resource of TYPE and each member \
cluster joined in --kubefed-namespace, whether its placement selects the cluster, what \
the KubeFed controller reports for it there, whether the member holds the resource with \
the label kubefed.io/managed=true, ready/desired replicas for Deployments, ReplicaSets \
and StatefulSets, and (with -o wide) the override paths for that cluster.

TYPE names the type (configmaps, deployments.apps) or its federated type \
(federatedconfigmaps), as enable and orphaning-deletion take it; it must be enabled. \
Without NAME every federated resource of the type in the namespace is shown. The \
namespace is -n NAMESPACE, else all with -A, else the context's namespace, else default \
(federated namespaces: all, or NAME).

STATE is Propagated when the cluster is placed, KubeFed reports the resource propagated \
there and the member holds it managed; NotPlaced, or Removing while KubeFed deletes a \
copy from a cluster no longer placed; otherwise what is wrong: KubeFed's reason \
(NamespaceNotFederated, CreationFailed, ClusterNotReady, ...), Unreachable (the member \
could not be read), Missing, NotManaged, or Pending (KubeFed has not reported on the \
current version yet). Members are read through the kubeconfig context named like the \
cluster (as unjoin reaches them), with one list per cluster, and only where something \
is placed or reported; one that cannot be read is shown Unreachable, the others still \
are.

With --wait, get first waits until every placed cluster is Propagated and no copy is left \
to remove, watching the federated resources on the host and their copies on the members \
(no polling), then shows where they are.

Exits 0 when every placed cluster is Propagated, 1 when any is not (or a placement \
cannot be computed), 2 on errors. With -o json|yaml one document is printed; its fields \
are documented in the user guide and only ever added to.";

const GET_AFTER_HELP: &str = "\
Examples:
  # Where the Deployments of namespace shop went
  kubefedctl get deployments.apps -n shop

  # One ConfigMap, with KubeFed's status, the reason and the overrides per cluster
  kubefedctl get configmaps settings -n shop -o wide

  # Every federated namespace
  kubefedctl get namespaces

  # Wait up to 5 minutes until web is everywhere it is placed
  kubefedctl get deployments.apps web -n shop --wait=5m

  # For scripts: the clusters where web is not as desired
  kubefedctl get deployments.apps web -n shop -o json \\
    | jq -r '.objects[].clusters[] | select(.ok | not) | .cluster'";

/// Show where federated resources propagated, cluster by cluster
#[derive(Debug, Args)]
#[command(long_about = GET_LONG_ABOUT, after_help = GET_AFTER_HELP)]
pub(crate) struct GetArgs {
    #[command(flatten)]
    pub selection: FederatedSelectionArgs,

    /// wide adds KubeFed's status, the reason and the overrides of each cluster; yaml and
    /// json print one document instead of the table
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<GetOutput>,

    #[command(flatten)]
    pub wait: PropagationWaitArg,
}

/// The federated resources `get` and `diff` look at: TYPE [NAME] [-n NAMESPACE | -A].
#[derive(Debug, Args)]
pub(crate) struct FederatedSelectionArgs {
    /// The type (configmaps, deployments.apps) or its federated type
    #[arg(value_name = "TYPE")]
    pub type_name: String,

    /// Name of one federated resource [default: all of the namespace]
    #[arg(value_name = "NAME")]
    pub name: Option<String>,

    /// Namespace of the federated resources [default: the context's namespace, else
    /// default]
    #[arg(short, long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// Federated resources of all namespaces
    #[arg(short = 'A', long, conflicts_with = "namespace")]
    pub all_namespaces: bool,
}

const DIFF_LONG_ABOUT: &str = "\
Show how the member clusters' copies of federated resources differ from what KubeFed \
should have put there: for each federated resource of TYPE and each cluster its placement \
selects, the desired object (the template, with that cluster's overrides applied as the \
KubeFed controller applies them, the resource's name and namespace, and the label \
kubefed.io/managed=true) against the member's object, as a unified diff.

Only the fields the desired object sets are compared: what the member's API server and \
controllers add (status, defaults, uid, managedFields) is not a difference. A member copy \
edited or deleted by hand shows until the KubeFed controller puts it back.

TYPE, NAME and the namespace are taken as get takes them. Exits 0 when nothing differs, \
1 when anything does (as kubectl diff), 2 on errors.";

const DIFF_AFTER_HELP: &str = "\
Examples:
  # What differs in the members for the Deployment web
  kubefedctl diff deployments.apps web -n shop

  # Every federated ConfigMap of every namespace, as a check in CI
  kubefedctl diff configmaps -A > /dev/null || echo 'the members have drifted'";

/// Show how the members' copies differ from their templates and overrides
#[derive(Debug, Args)]
#[command(long_about = DIFF_LONG_ABOUT, after_help = DIFF_AFTER_HELP)]
pub(crate) struct DiffArgs {
    #[command(flatten)]
    pub selection: FederatedSelectionArgs,
}

/// What `get -o` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum GetOutput {
    Wide,
    Yaml,
    Json,
}

const ROTATE_LONG_ABOUT: &str = "\
Give the KubeFed control plane a new token for each member cluster and revoke the old \
one, without the member leaving Ready.

On the member, a new token Secret for the join's service account <CLUSTER_NAME>-<HOST_NAME> \
is created (named after it, with a generated suffix) and filled by the token controller. \
On the host, the token goes into a new Secret and the KubeFedCluster is switched to it (and \
to the member's CA as join computes it, if that changed); the KubeFed controller rebuilds \
its client on that change, never on a changed Secret. Once the controller has probed the \
member Ready with the new token, the old token Secret on the member (which revokes the old \
token) and the old host Secret are deleted. If the new token does not work, the switch is \
undone and the new Secrets are deleted. The member's kubeconfig context must still work.

A cluster joined with --credentials kubeconfig gets the token its kubeconfig context holds \
now: rotate the token where it was issued and put the new one into the kubeconfig first. \
The switch is the same; revoking the old token is left to its issuer.

With --dry-run nothing is changed: the reads are done and, with --dry-run=server, every \
write and deletion is sent for the API servers to check; no token is waited for.";

const ROTATE_AFTER_HELP: &str = "\
Examples:
  # Rotate the token of cluster2 on the control plane of context cluster1
  kubefedctl rotate-credentials cluster2 --host-cluster-context cluster1

  # Several clusters at once
  kubefedctl rotate-credentials cluster2 cluster3 --host-cluster-context cluster1

  # A control plane with a long health-check period needs a longer wait
  kubefedctl rotate-credentials cluster2 --ready-timeout 3m";

/// Replace the token the control plane uses for a member cluster
#[derive(Debug, Args)]
#[command(long_about = ROTATE_LONG_ABOUT, after_help = ROTATE_AFTER_HELP)]
pub(crate) struct RotateCredentialsArgs {
    /// Names of the joined clusters; each is also its kubeconfig context unless
    /// --cluster-context says otherwise
    #[arg(value_name = "CLUSTER_NAME", required = true)]
    pub clusters: Vec<String>,

    #[command(flatten)]
    pub member: MemberArgs,

    /// How long to wait for the member's token controller to fill the new token Secret
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub token_timeout: std::time::Duration,

    /// How long to wait for the KubeFed controller to probe the member Ready with the new
    /// token (two health checks after the switch)
    #[arg(long, value_name = "DURATION", default_value = "60s", value_parser = parse_duration)]
    pub ready_timeout: std::time::Duration,

    #[command(flatten)]
    pub dry_run: DryRunArg,
}

const STATUS_LONG_ABOUT: &str = "\
Show the health of the federation as its host cluster records it: the member clusters \
(Ready, NotReady, Offline, ConfigMalformed or Unknown as the KubeFed controller last \
probed them, with the reason, Kubernetes version, region and zones, labels and age), the \
enabled types (FederatedTypeConfig, propagation, whether the sync controller runs, \
whether the federated CRD is established, how many federated objects exist) and the \
control plane (KubeFedConfig scope, and whether the controller is alive: its \
leader-election lease in --kubefed-namespace was renewed within the lease duration).

Exits 0 when everything is healthy, 1 when anything is not (the problems are listed), 2 \
when the host cannot be read. With -o json|yaml one document is printed; its fields are \
documented in the user guide and only ever added to.";

const STATUS_AFTER_HELP: &str = "\
Examples:
  # Tables of clusters, types and the control plane
  kubefedctl status --host-cluster-context cluster1

  # For scripts: the names of clusters that are not Ready
  kubefedctl status -o json | jq -r '.clusters[] | select(.state != \"Ready\") | .name'

  # Refresh every 10 seconds until Ctrl-C
  kubefedctl status --watch --interval 10s";

/// Show the health of member clusters, enabled types and the control plane
#[derive(Debug, Args)]
#[command(long_about = STATUS_LONG_ABOUT, after_help = STATUS_AFTER_HELP)]
pub(crate) struct StatusArgs {
    /// Print one YAML or JSON document instead of tables (one per refresh with --watch)
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,

    /// Refresh until interrupted with Ctrl-C; the exit status is that of the last refresh
    #[arg(short, long)]
    pub watch: bool,

    /// How often --watch refreshes (at least 1s)
    #[arg(long, value_name = "DURATION", default_value = "5s", value_parser = parse_duration, requires = "watch")]
    pub interval: std::time::Duration,
}

const SCHEDULE_LONG_ABOUT: &str = "\
Create or update the ReplicaSchedulingPreference of a federated Deployment or ReplicaSet: \
KubeFed's scheduler then spreads --total-replicas over the member clusters in proportion \
to their weights, within each cluster's minimum and maximum, and writes the result into \
the federated object's placement and replica overrides.

TYPE is deployments.apps or replicasets.apps (any spelling enable takes: deploy, \
Deployment, rs, or the federated type's name). NAME is the federated object's name; the \
preference gets the same name and lives in -n NAMESPACE, else the context's namespace, \
else default. CLUSTER is a member cluster's name, or * for every cluster without its own \
entry; without any --weight, --min or --max every cluster gets weight 1.

The preference is written with server-side apply and replaces an earlier one entirely. \
Clusters that are not joined, and preferences that cannot hold, are warned about. With -o \
the preference is printed and nothing is written (no cluster is contacted). Needs the \
SchedulerPreferences feature of the KubeFed controller (on by default).";

const SCHEDULE_AFTER_HELP: &str = "\
Examples:
  # 9 replicas of the FederatedDeployment web, twice as many on c2 as on c3, at most 4 on c3
  kubefedctl schedule deployments.apps web -n shop --total-replicas 9 \\
    --weight c2=2 --weight c3=1 --min c2=1 --max c3=4

  # Spread evenly over all member clusters, moving running replicas when needed
  kubefedctl schedule deployments.apps web -n shop --total-replicas 6 --rebalance

  # Print the ReplicaSchedulingPreference for GitOps instead of writing it
  kubefedctl schedule rs worker -n shop --total-replicas 4 --weight '*=1' -o yaml";

/// Schedule the replicas of a federated Deployment or ReplicaSet
#[derive(Debug, Args)]
#[command(long_about = SCHEDULE_LONG_ABOUT, after_help = SCHEDULE_AFTER_HELP)]
pub(crate) struct ScheduleArgs {
    /// deployments.apps or replicasets.apps
    #[arg(value_name = "TYPE")]
    pub type_name: String,

    /// Name of the federated Deployment or ReplicaSet
    #[arg(value_name = "NAME")]
    pub name: String,

    /// Namespace of the federated object [default: the context's namespace, else default]
    #[arg(short, long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// Replicas to spread over the clusters in total
    #[arg(long, value_name = "N", required = true, value_parser = clap::value_parser!(i32).range(0..))]
    pub total_replicas: i32,

    /// Weight of a cluster (repeatable): its share of the replicas left after the minimums
    #[arg(long = "weight", value_name = "CLUSTER=N", value_parser = parse_cluster_number)]
    pub weights: Vec<(String, i64)>,

    /// Fewest replicas a cluster gets (repeatable)
    #[arg(long = "min", value_name = "CLUSTER=N", value_parser = parse_cluster_number)]
    pub mins: Vec<(String, i64)>,

    /// Most replicas a cluster gets (repeatable) [default: unbounded]
    #[arg(long = "max", value_name = "CLUSTER=N", value_parser = parse_cluster_number)]
    pub maxes: Vec<(String, i64)>,

    /// Move running replicas to other clusters to match the preferences
    #[arg(long)]
    pub rebalance: bool,

    /// Schedule only onto the clusters the federated object's placement.clusterSelector
    /// selects (KubeFed ignores a placement.clusters list here); otherwise onto every
    /// ready cluster, replacing the object's placement
    #[arg(long)]
    pub intersect_with_cluster_selector: bool,

    /// Refuse, before writing anything, a preference that cannot take effect (a cluster
    /// that is not joined, an object placed on no joined cluster or in a namespace that
    /// is not federated) instead of warning about it
    #[arg(long)]
    pub strict: bool,

    #[command(flatten)]
    pub dry_run: DryRunArg,

    /// Print the ReplicaSchedulingPreference instead of writing it
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

fn parse_cluster_number(text: &str) -> Result<(String, i64), String> {
    let invalid = || format!("invalid value \"{text}\": expected CLUSTER=NUMBER");
    let (cluster, number) = text.split_once('=').ok_or_else(invalid)?;
    if cluster.is_empty() {
        return Err(invalid());
    }
    let number = number.parse().map_err(|_| invalid())?;
    Ok((cluster.to_owned(), number))
}

const SYNC_LONG_ABOUT: &str = "\
Make the members of a KubeFed control plane what a cluster group file says: join the \
members it lists that are not joined, relabel the KubeFedClusters whose labels differ from \
the file, and unjoin the members it no longer lists. Members are worked on in parallel, \
with the code of join and unjoin; a second run with the same file changes nothing.

The file (YAML) names the host context, the KubeFed namespace and every member with its \
context and labels:

  hostContext: cluster1                      # default: --host-cluster-context
  kubefedNamespace: kube-federation-system   # default: --kubefed-namespace
  hostClusterName: hub                       # default: from the host context, as in join
  members:
  - name: cluster2
    labels: {region: eu}
  - name: prod-us                            # the KubeFedCluster's name
    context: prod-us-admin                   # default: the name
    credentials: kubeconfig                  # as join --credentials; default: service-account

A member joined with other credentials than the file gives is rejoined: unjoined, then \
joined with the file's.

The file manages the labels kubefedctl applied (through join --label or sync): one the file \
no longer lists is removed, labels set otherwise are left alone unless the file gives them \
a value. A member that left the file is unjoined through the context of its name, else the first \
context whose server is its endpoint; that is asked first on a terminal, and needs --yes \
otherwise. One result line per member: joined, rejoined, \
relabelled, unjoined, unchanged, kept (unjoin declined) or failed.

With --export, sync changes nothing and prints the file that describes the members as \
they are, each with the context that serves its endpoint.

With --wait, sync then waits until the KubeFed controller reports every member the file \
lists Ready (also those it did not change); a member that is not Ready in time is reported \
failed with the state and reason the controller gave.";

const SYNC_AFTER_HELP: &str = "\
Examples:
  # Preview what would change
  kubefedctl sync -f group.yaml --dry-run

  # Apply the file; unjoin members that left it without asking
  kubefedctl sync -f group.yaml --yes

  # One JSON document with the result of every member
  kubefedctl sync -f group.yaml --yes -o json

  # In CI: apply the file, then fail unless every member is Ready within 5 minutes
  kubefedctl sync -f group.yaml --yes --wait=5m

  # Start from the federation as it is: write its members into a file
  kubefedctl sync --export --host-cluster-context cluster1 > group.yaml";

/// Join, relabel and unjoin members to match a cluster group file
#[derive(Debug, Args)]
#[command(long_about = SYNC_LONG_ABOUT, after_help = SYNC_AFTER_HELP)]
pub(crate) struct SyncArgs {
    /// The cluster group file (YAML)
    #[arg(
        short = 'f',
        long,
        value_name = "FILE",
        required_unless_present = "export"
    )]
    pub filename: Option<PathBuf>,

    /// Print the cluster group file that describes the members as they are (a start for
    /// managing an existing federation with sync) instead of syncing
    #[arg(long, conflicts_with_all = ["filename", "yes", "force", "wait", "dry_run"])]
    pub export: bool,

    /// Unjoin the members the file no longer lists without asking (needed when stdin is
    /// not a terminal)
    #[arg(short, long)]
    pub yes: bool,

    /// Unjoin members that cannot be reached or whose context is gone: remove their
    /// registration anyway, and report what could not be removed
    #[arg(long)]
    pub force: bool,

    /// How many clusters to work on at once
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,

    /// How long to wait for a joining member's token controller to fill the token Secret
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub token_timeout: std::time::Duration,

    #[command(flatten)]
    pub ready: ReadyWaitArg,

    #[command(flatten)]
    pub dry_run: DryRunArg,

    /// Print one YAML or JSON document with the result of every member instead of lines
    /// (with --export: the file's format, YAML by default)
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

const DNS_LONG_ABOUT: &str = "\
Cross-cluster service discovery, as KubeFed v0.6 had it: for every ServiceDNSRecord and \
IngressDNSRecord on the host, read the Service or Ingress of the same namespace and name \
on every joined member (its load-balancer addresses; a Service without a ready endpoint \
counts only with spec.allowServiceWithoutEndpoints) and the member's region and zones \
(its KubeFedCluster's status, else its nodes' topology.kubernetes.io labels); then fill \
the record's status and write the DNSEndpoint that ExternalDNS publishes (service-NAME or \
ingress-NAME, in the record's namespace).

A ServiceDNSRecord NAME in NAMESPACE naming the Domain FED (domain example.com) gets \
NAME.NAMESPACE.FED.svc.example.com for every member, NAME.NAMESPACE.FED.svc.REGION.example.com \
per region and NAME.NAMESPACE.FED.svc.ZONE.REGION.example.com per zone: A records of the \
addresses, or where a level has none a CNAME to the level above; spec.dnsPrefix adds a \
CNAME PREFIX.example.com, spec.externalName replaces NAME, spec.recordTTL sets the TTL \
(180 s). Install the types with `init --dns`.

One pass by default; --watch keeps the records current as Services, Ingresses, records \
and clusters change, until Ctrl-C. Writes are server-side apply, so a re-run changes \
nothing. A member that cannot be read keeps its previous entries and is warned about. A \
record whose Domain is missing or no DNS name, or whose Service or Ingress exists in no \
member, is an error and nothing is written (with --watch: a warning, and that record is \
left as it is).";

const DNS_AFTER_HELP: &str = "\
Examples:
  # Fill the records' status and write their DNSEndpoints once
  kubefedctl dns

  # Keep them current until Ctrl-C
  kubefedctl dns --watch

  # Show what would be written
  kubefedctl dns -o yaml";

/// Write the DNS records of federated Services and Ingresses for ExternalDNS
#[derive(Debug, Args)]
#[command(long_about = DNS_LONG_ABOUT, after_help = DNS_AFTER_HELP)]
pub(crate) struct DnsArgs {
    /// Only the records of this namespace [default: all namespaces]
    #[arg(short, long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,

    /// Keep the records current: watch the host and the members and write again after
    /// every change, until Ctrl-C
    #[arg(long)]
    pub watch: bool,

    #[command(flatten)]
    pub dry_run: DryRunArg,

    /// Print the records with their status and the DNSEndpoints instead of writing them
    #[arg(
        short,
        long,
        value_enum,
        value_name = "FORMAT",
        conflicts_with = "watch"
    )]
    pub output: Option<OutputFormat>,
}

const VERSION_LONG_ABOUT: &str = "\
Print the version of kubefedctl and, unless --client is given, the versions of the \
host cluster's Kubernetes API server and of the KubeFed controller manager running in \
--kubefed-namespace.

The server part is best effort: when there is no kubeconfig, no current context, or the \
host cluster cannot be reached, the client version is still printed, a warning goes to \
stderr and the exit status is 0. A --kubeconfig file that cannot be read or a \
--host-cluster-context that does not exist is an error (exit status 2).";

const VERSION_AFTER_HELP: &str = "\
Examples:
  # Print client and server versions
  kubefedctl version

  # Print the client version only, without contacting any cluster
  kubefedctl version --client

  # Machine-readable output
  kubefedctl version -o json";

/// Print the version info
#[derive(Debug, Args)]
#[command(long_about = VERSION_LONG_ABOUT, after_help = VERSION_AFTER_HELP)]
pub(crate) struct VersionArgs {
    /// Print the client version only; do not contact the host cluster
    #[arg(long)]
    pub client: bool,

    /// Print one YAML or JSON document instead of text
    #[arg(short, long, value_enum, value_name = "FORMAT")]
    pub output: Option<OutputFormat>,
}

const COMPLETION_LONG_ABOUT: &str = "\
Print a shell completion script for kubefedctl to stdout.

Completion covers commands, flags and fixed flag values; the bash, zsh and fish scripts \
ask the binary at each TAB, so they also complete kubeconfig context names and, for unjoin \
and rotate-credentials, the clusters joined to the host (PowerShell, elvish and nushell \
scripts are static). Load the script from your shell's start-up file, or save it where your shell looks for completions (see the examples). \
Scripts generated by this version are also shipped in the completions/ directory.

Run as the kubectl plugin kubectl-kubefed, `kubectl kubefed <TAB>` is completed by kubectl \
itself: put the completions/kubectl_complete-kubefed script on PATH next to \
kubectl-kubefed. It asks the binary for candidates, including kubeconfig context names.";

const COMPLETION_AFTER_HELP: &str = "\
Examples:
  # Bash: load in the current shell, or install for your user
  source <(kubefedctl completion bash)
  kubefedctl completion bash > ~/.local/share/bash-completion/completions/kubefedctl

  # Zsh: write _kubefedctl to a directory listed in $fpath
  kubefedctl completion zsh > ~/.zfunc/_kubefedctl

  # Fish
  kubefedctl completion fish > ~/.config/fish/completions/kubefedctl.fish

  # PowerShell: add to your $PROFILE
  kubefedctl completion powershell | Out-String | Invoke-Expression

  # Elvish: add to ~/.config/elvish/rc.elv
  eval (kubefedctl completion elvish | slurp)

  # Nushell: save the module and `use` it from config.nu
  kubefedctl completion nushell | save -f ~/.config/nushell/kubefedctl.nu";

/// Print a shell completion script
#[derive(Debug, Args)]
#[command(long_about = COMPLETION_LONG_ABOUT, after_help = COMPLETION_AFTER_HELP)]
pub(crate) struct CompletionArgs {
    /// The shell to print the script for
    #[arg(value_enum)]
    pub shell: CompletionShell,
}

/// Shells `kubefedctl completion` writes scripts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CompletionShell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
    Nushell,
}

/// Arguments of the hidden `__complete` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CompleteArgs {
    /// The words typed after the command name; the last one is the word being completed
    /// (empty when the cursor follows a space).
    pub words: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("kubefedctl").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// Each flag's parser gives the type its field holds (clap checks only when the
    /// field is read): join's labels may name a cluster, placement selectors do not.
    #[test]
    fn label_flags_parse_into_their_fields() {
        let Some(Command::Federate(args)) = parse(&[
            "federate",
            "-f",
            "x.yaml",
            "--placement-selector",
            "region=eu",
        ])
        .command
        else {
            panic!("expected federate");
        };
        assert_eq!(args.placement_selector, [("region".into(), "eu".into())]);
    }

    #[test]
    fn get_takes_an_optional_name_one_namespace_choice_and_wide() {
        let Some(Command::Get(args)) = parse(&["get", "deploy", "-A", "-o", "wide"]).command else {
            panic!("expected get");
        };
        assert_eq!(args.selection.type_name, "deploy");
        assert_eq!(args.selection.name, None);
        assert!(args.selection.all_namespaces);
        assert_eq!(args.output, Some(GetOutput::Wide));
        assert_eq!(args.wait.wait, None);
        let Some(Command::Get(args)) = parse(&["get", "configmaps", "web", "-n", "shop"]).command
        else {
            panic!("expected get");
        };
        assert_eq!(args.selection.name.as_deref(), Some("web"));
        assert_eq!(args.selection.namespace.as_deref(), Some("shop"));
        let both = Cli::try_parse_from(["kubefedctl", "get", "configmaps", "-n", "shop", "-A"]);
        assert!(both.is_err());
        let Some(Command::Get(args)) = parse(&["get", "configmaps", "--wait"]).command else {
            panic!("expected get");
        };
        assert_eq!(args.wait.wait, Some(std::time::Duration::from_secs(120)));
        let Some(Command::Get(args)) = parse(&["get", "configmaps", "--wait=90s"]).command else {
            panic!("expected get");
        };
        assert_eq!(args.wait.wait, Some(std::time::Duration::from_secs(90)));
    }

    #[test]
    fn verbosity_spellings_of_go_scripts() {
        for args in [
            ["version", "--v=2"].as_slice(),
            &["version", "--v", "2"],
            &["version", "-v", "2"],
            &["version", "-v=2"],
            &["version", "-v2"],
            &["--v=2", "version"],
        ] {
            assert_eq!(parse(args).global.verbosity, 2, "{args:?}");
        }
    }

    #[test]
    fn global_defaults() {
        let cli = parse(&["version"]);
        assert_eq!(cli.global.kubefed_namespace, "kube-federation-system");
        assert_eq!(cli.global.verbosity, 0);
        assert!(!cli.global.quiet);
        assert!(cli.global.kubeconfig.is_none());
        assert!(cli.global.host_cluster_context.is_none());
    }

    #[test]
    fn global_flags_after_the_subcommand() {
        let cli = parse(&[
            "version",
            "--kubeconfig",
            "/tmp/kc",
            "--host-cluster-context",
            "c1",
            "--kubefed-namespace",
            "fed",
            "-q",
        ]);
        assert_eq!(cli.global.kubeconfig, Some(PathBuf::from("/tmp/kc")));
        assert_eq!(cli.global.host_cluster_context.as_deref(), Some("c1"));
        assert_eq!(cli.global.kubefed_namespace, "fed");
        assert!(cli.global.quiet);
    }

    #[test]
    fn join_flags_as_go_scripts_write_them() {
        let Some(Command::Join(args)) = parse(&[
            "join",
            "cluster2",
            "--host-cluster-context=cluster1",
            "--error-on-existing=false",
            "--dry-run",
            "--label",
            "region=eu",
            "--token-timeout=1m30s",
        ])
        .command
        else {
            panic!("expected join");
        };
        assert_eq!(args.clusters, ["cluster2"]);
        assert!(!args.error_on_existing);
        assert_eq!(args.dry_run.dry_run, DryRun::Client);
        assert_eq!(
            args.labels,
            [ClusterLabel {
                cluster: None,
                key: "region".into(),
                value: "eu".into()
            }]
        );
        assert_eq!(args.token_timeout, std::time::Duration::from_secs(90));
        let Some(Command::Join(args)) = parse(&["join", "a", "--label", "a:zone=z1"]).command
        else {
            panic!("expected join");
        };
        assert_eq!(args.labels[0].cluster.as_deref(), Some("a"));
        let Some(Command::Join(args)) = parse(&["join", "a", "b", "--dry-run=server"]).command
        else {
            panic!("expected join");
        };
        assert_eq!(args.clusters, ["a", "b"]);
        assert!(args.error_on_existing);
        assert_eq!(args.dry_run.dry_run, DryRun::Server);
        assert!(Cli::try_parse_from(["kubefedctl", "join"]).is_err());
        assert!(Cli::try_parse_from(["kubefedctl", "join", "a", "--label", "novalue"]).is_err());
    }

    #[test]
    fn bare_invocation_parses_without_command() {
        assert!(parse(&[]).command.is_none());
    }
}
