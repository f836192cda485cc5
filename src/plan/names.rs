//! Object names shared by join and unjoin, and the name checks of the API server done
//! before any request so a bad name fails at once with a clear message.

use ring::digest::{SHA256, digest};

use crate::invocation::command_line;

/// The longest DNS-1123 subdomain (names of ServiceAccounts, Secrets, KubeFedClusters).
const MAX_SUBDOMAIN: usize = 253;

/// Whether `name` is a DNS-1123 subdomain: lower-case alphanumerics, `-` and `.`,
/// starting and ending with an alphanumeric, at most 253 characters.
pub fn is_dns1123_subdomain(name: &str) -> bool {
    let alnum = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    !name.is_empty()
        && name.len() <= MAX_SUBDOMAIN
        && name.split('.').all(|label| {
            label.starts_with(alnum)
                && label.ends_with(alnum)
                && label.chars().all(|c| alnum(c) || c == '-')
        })
}

/// Whether `name` is a DNS-1123 label (the form of namespace names): lower-case
/// alphanumerics and `-`, starting and ending with an alphanumeric, at most 63 characters.
pub(crate) fn is_dns1123_label(name: &str) -> bool {
    name.len() <= 63 && !name.contains('.') && is_dns1123_subdomain(name)
}

/// A name that cannot name the objects join and unjoin write.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    #[error(
        "invalid cluster name {0:?}: it must be a lower-case DNS-1123 subdomain \
         (letters, digits, '-' and '.', starting and ending with a letter or digit)"
    )]
    ClusterName(String),
    /// A member cluster an argument refers to (`--cluster`, `--placement-clusters`, the
    /// cluster of an override), which can only be a KubeFedCluster's name. Quoted with
    /// escapes: a line break in it must not start a line of its own.
    #[error(
        "invalid cluster name {name:?} in {argument}: it must be a lower-case DNS-1123 \
         subdomain (letters, digits, '-' and '.', starting and ending with a letter or digit)"
    )]
    MemberName {
        argument: &'static str,
        name: String,
    },
    #[error("host-cluster-name {0:?} may not contain \"/\" or \":\"")]
    HostNameSeparator(String),
    #[error("invalid host-cluster-name {0:?}: it must be a lower-case DNS-1123 subdomain")]
    HostName(String),
    #[error(
        "service account name \"{service_account}\" (cluster name \"{cluster}\" plus \
         host name \"{host}\") is not a valid object name; choose shorter names"
    )]
    ServiceAccount {
        service_account: String,
        cluster: String,
        host: String,
    },
}

/// Checks a cluster name given on the command line (it names the KubeFedCluster).
pub fn check_cluster_name(name: &str) -> Result<(), NameError> {
    if is_dns1123_subdomain(name) {
        Ok(())
    } else {
        Err(NameError::ClusterName(name.to_owned()))
    }
}

/// Checks the name of a member cluster that `argument` refers to: a member is named as
/// its KubeFedCluster is, so any other name can only be a typo, and KubeFed would
/// silently never match it.
pub(crate) fn check_member_name(argument: &'static str, name: &str) -> Result<(), NameError> {
    if is_dns1123_subdomain(name) {
        Ok(())
    } else {
        Err(NameError::MemberName {
            argument,
            name: name.to_owned(),
        })
    }
}

/// What to do about a member name that cannot be one.
fn member_name_hint() -> String {
    format!(
        "name a member as it was joined (its KubeFedCluster's name); `{}` lists them",
        command_line("status")
    )
}

impl NameError {
    /// What the user can do instead.
    pub(crate) fn hint(&self) -> Option<String> {
        match self {
            NameError::MemberName { .. } => Some(member_name_hint()),
            NameError::HostName(_) | NameError::HostNameSeparator(_) => Some(
                "the host's name goes into member object names: use lower-case letters, \
                 digits, '-' and '.', or leave it out to name the host after its context"
                    .to_owned(),
            ),
            NameError::ClusterName(_) | NameError::ServiceAccount { .. } => None,
        }
    }
}

/// The host cluster's name as it appears in member-side object names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HostName {
    pub name: String,
    /// Set when the name was derived from a context name that could not be used as is.
    pub derived_from: Option<String>,
}

/// The host name for `<cluster>-<host>` service-account names: `--host-cluster-name` if
/// given (checked by [`HostName::given`] before any request), else the host context name
/// when the result is a valid object name, else a sanitised form of the context name with
/// a short hash, so that EKS-style (`arn:aws:eks:…:cluster/x`), `user@cluster` and
/// upper-case context names work and always give the same name ([`HostName::of_context`]).
impl HostName {
    pub fn given(name: &str) -> Result<HostName, NameError> {
        if name.contains(':') || name.contains('/') {
            return Err(NameError::HostNameSeparator(name.to_owned()));
        }
        if !is_dns1123_subdomain(name) {
            return Err(NameError::HostName(name.to_owned()));
        }
        Ok(HostName {
            name: name.to_owned(),
            derived_from: None,
        })
    }

    pub fn of_context(host_context: &str) -> HostName {
        if is_dns1123_subdomain(host_context) {
            return HostName {
                name: host_context.to_owned(),
                derived_from: None,
            };
        }
        HostName {
            name: sanitised(host_context),
            derived_from: Some(host_context.to_owned()),
        }
    }
}

/// Lower-case, every run of other characters turned into one `-`, cut to 54 characters (a 63-character label with the hash),
/// plus 8 hex digits of the SHA-256 of the original so distinct contexts stay distinct.
fn sanitised(context: &str) -> String {
    let mut base = String::new();
    for c in context.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            base.push(c);
        } else if !base.ends_with('-') {
            base.push('-');
        }
    }
    let base: String = base.trim_matches('-').chars().take(54).collect();
    let hash = digest(&SHA256, context.as_bytes());
    let hex: String = hash.as_ref()[..4]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    match base.trim_end_matches('-') {
        "" => format!("host-{hex}"),
        base => format!("{base}-{hex}"),
    }
}

/// Names of the objects join creates for one member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinNames {
    /// ServiceAccount and its token Secret on the member: `<cluster>-<host>`.
    pub service_account: String,
    /// ClusterRole/Binding (Cluster scope) or Role/Binding (Namespaced scope).
    pub role: String,
    /// The Namespaced scope's health-check ClusterRole/Binding.
    pub health_check_role: String,
}

impl JoinNames {
    pub fn new(cluster: &str, host: &str, namespace: &str) -> Result<Self, NameError> {
        let service_account = format!("{cluster}-{host}");
        if !is_dns1123_subdomain(&service_account) {
            return Err(NameError::ServiceAccount {
                service_account,
                cluster: cluster.to_owned(),
                host: host.to_owned(),
            });
        }
        Ok(JoinNames {
            role: format!("kubefed-controller-manager:{service_account}"),
            health_check_role: format!(
                "kubefed-controller-manager:{namespace}:healthcheck-{service_account}"
            ),
            service_account,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomains() {
        for ok in ["a", "cluster1", "my-cluster.example.com", "0abc"] {
            assert!(is_dns1123_subdomain(ok), "{ok}");
        }
        for bad in [
            "",
            "A",
            "-a",
            "a-",
            "a..b",
            "a_b",
            "user@x",
            "arn:aws",
            &"a".repeat(254),
        ] {
            assert!(!is_dns1123_subdomain(bad), "{bad}");
        }
    }

    #[test]
    fn plain_context_is_used_as_is() {
        let host = HostName::of_context("cluster1");
        assert_eq!(host.name, "cluster1");
        assert_eq!(host.derived_from, None);
    }

    #[test]
    fn awkward_contexts_get_stable_valid_names() {
        // https://github.com/kubernetes-retired/kubefed/issues/1155 and #1064
        for context in [
            "arn:aws:eks:us-east-1:123456789012:cluster/prod",
            "kubernetes-admin@kubernetes",
            "Prod-Cluster",
            "@@@",
        ] {
            let host = HostName::of_context(context);
            assert!(
                is_dns1123_subdomain(&host.name),
                "{context} -> {}",
                host.name
            );
            assert_eq!(host.derived_from.as_deref(), Some(context));
            assert_eq!(host, HostName::of_context(context), "stable");
        }
        let eks = HostName::of_context("arn:aws:eks:us-east-1:123456789012:cluster/prod");
        assert!(
            eks.name
                .starts_with("arn-aws-eks-us-east-1-123456789012-cluster-prod-"),
            "{}",
            eks.name
        );
        assert_ne!(
            HostName::of_context("admin@a").name,
            HostName::of_context("admin:a").name
        );
    }

    #[test]
    fn explicit_host_name_wins_and_is_checked() {
        let host = HostName::given("fed").unwrap();
        assert_eq!(host.name, "fed");
        assert_eq!(
            HostName::given("a/b").unwrap_err().to_string(),
            "host-cluster-name \"a/b\" may not contain \"/\" or \":\""
        );
        assert_eq!(
            HostName::given("Upper").unwrap_err().to_string(),
            "invalid host-cluster-name \"Upper\": it must be a lower-case DNS-1123 subdomain"
        );
        let hint = HostName::given("a:b").unwrap_err().hint().unwrap();
        assert!(
            hint.contains("lower-case letters, digits, '-' and '.'"),
            "{hint}"
        );
        assert_eq!(hint, HostName::given("Upper").unwrap_err().hint().unwrap());
    }

    #[test]
    fn join_names_as_go_builds_them() {
        let names = JoinNames::new("cluster2", "cluster1", "kube-federation-system").unwrap();
        assert_eq!(names.service_account, "cluster2-cluster1");
        assert_eq!(names.role, "kubefed-controller-manager:cluster2-cluster1");
        assert_eq!(
            names.health_check_role,
            "kubefed-controller-manager:kube-federation-system:healthcheck-cluster2-cluster1"
        );
        let cluster = "a".repeat(250);
        assert_eq!(
            JoinNames::new(&cluster, "host", "ns")
                .unwrap_err()
                .to_string(),
            format!(
                "service account name \"{cluster}-host\" (cluster name \"{cluster}\" plus host \
                 name \"host\") is not a valid object name; choose shorter names"
            )
        );
    }

    #[test]
    fn cluster_names() {
        assert!(check_cluster_name("cluster2").is_ok());
        assert_eq!(
            check_cluster_name("Cluster2").unwrap_err().to_string(),
            "invalid cluster name \"Cluster2\": it must be a lower-case DNS-1123 subdomain \
             (letters, digits, '-' and '.', starting and ending with a letter or digit)"
        );
    }

    #[test]
    fn member_names_are_kubefedcluster_names() {
        for ok in ["cluster2", "eu-west.prod", "0"] {
            assert_eq!(check_member_name("--cluster", ok), Ok(()), "{ok}");
        }
        let too_long = "a".repeat(254);
        for bad in [
            "Cluster2",
            "c_2",
            "-c",
            "c.",
            "a..b",
            "my cluster",
            "clüster",
            "",
            &too_long,
        ] {
            let error = check_member_name("--cluster", bad).unwrap_err();
            assert_eq!(
                error.to_string(),
                format!(
                    "invalid cluster name \"{bad}\" in --cluster: it must be a lower-case \
                     DNS-1123 subdomain (letters, digits, '-' and '.', starting and ending with \
                     a letter or digit)"
                )
            );
            assert!(
                error.hint().unwrap().contains("status` lists them"),
                "{bad}"
            );
        }
        assert!(check_member_name("--cluster", &"a".repeat(253)).is_ok());
        assert!(
            check_member_name("--cluster", "c2\nerror: forged")
                .unwrap_err()
                .to_string()
                .starts_with(r#"invalid cluster name "c2\nerror: forged" in --cluster"#)
        );
        // join names new clusters: no hint about joined ones.
        assert_eq!(check_cluster_name("C").unwrap_err().hint(), None);
    }
}
