//! `kubefedctl diff TYPE [NAME] [-n NS | -A]`: for each federated object and each cluster
//! its placement selects, the desired object (`plan::diff`) against the member's copy,
//! as a unified diff. Resolve the type and namespace, read (one list per type on the host
//! and on each member concerned), compare, print. Exit 1 when anything differs.

use anyhow::anyhow;

use crate::cli::{DiffArgs, DryRun, GlobalArgs};
use crate::cmd::federated::{Selection, SelectionSettings};
use crate::cmd::members::Session;
use crate::error::{ExitStatus, Hinted};
use crate::output::Printer;
use crate::plan::diff::{desired, member_copy, unified};
use crate::plan::get::MemberRead;
use crate::plan::kubefed::FederatedResource;
use crate::plan::kubefed::KubeFedObject;
use crate::plan::placement::placement;
use crate::program::command_line;

/// Diff's arguments, resolved before any request.
#[derive(Debug, PartialEq)]
pub(crate) struct DiffSettings {
    selection: SelectionSettings,
}

impl DiffSettings {
    pub(crate) fn resolve(args: &DiffArgs) -> anyhow::Result<DiffSettings> {
        Ok(DiffSettings {
            selection: SelectionSettings::resolve(&args.selection)?,
        })
    }
}

pub(crate) async fn run(
    args: &DiffArgs,
    global: &GlobalArgs,
    printer: &Printer,
) -> anyhow::Result<ExitStatus> {
    let settings = DiffSettings::resolve(args)?;
    let session = Session::open(global, DryRun::None).await?;
    let selection = Selection::resolve(&session, &settings.selection).await?;
    let snapshot = selection.propagation().read(member_copy).await?;
    selection.check_found(&snapshot.objects)?;
    let target = &selection.enabled.target;

    let mut objects: Vec<&FederatedResource> = snapshot.objects.iter().collect();
    objects.sort_by_key(|o| (o.namespace(), o.name()));
    let mut differs = false;
    let mut unread = Vec::new();
    for object in objects {
        let (namespace, name) = (object.namespace().to_owned(), object.name().to_owned());
        let shown = if target.namespaced {
            format!("{namespace}/{name}")
        } else {
            name.clone()
        };
        // A FederatedNamespace lives in the namespace it federates; its target does not.
        let key = if target.namespaced {
            (namespace, name)
        } else {
            (String::new(), name)
        };
        let placed = match placement(object, &snapshot.clusters) {
            Ok(placed) => placed,
            Err(e) => {
                printer.warn(format_args!(
                    "the placement of {shown} cannot be computed, so KubeFed propagates it \
                     nowhere: {e}"
                ));
                differs = true;
                continue;
            }
        };
        for cluster in placed {
            let want = match desired(object, target, &cluster) {
                Ok(want) => want,
                Err(e) => {
                    printer.warn(format_args!("{shown} on {cluster}: {e}"));
                    differs = true;
                    continue;
                }
            };
            match snapshot.members.get(&cluster) {
                Some(MemberRead::Listed(copies)) => {
                    let label = format!("{cluster} {shown}");
                    if let Some(diff) = unified(&label, &want, copies.get(&key)) {
                        printer.out(&diff)?;
                        differs = true;
                    }
                }
                Some(MemberRead::Unreachable(why)) => unread.push(format!("{cluster}: {why}")),
                None => unread.push(format!("{cluster}: not read")),
            }
        }
    }
    if !unread.is_empty() {
        unread.dedup();
        return Err(Hinted::new(
            anyhow!(
                "cannot compare on {} member cluster(s): {}",
                unread.len(),
                unread.join("; ")
            ),
            format!(
                "members are read through the kubeconfig context named like each cluster; \
                 `{}` shows what KubeFed reports for them",
                command_line("status")
            ),
        )
        .into());
    }
    Ok(if differs {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_args;
    use crate::error;

    fn resolve(args: &[&str]) -> anyhow::Result<DiffSettings> {
        DiffSettings::resolve(&parse_args(&[&["diff"], args].concat())?)
    }

    #[test]
    fn the_selection_is_checked_before_any_request() {
        assert!(resolve(&["configmaps", "web", "-n", "shop"]).is_ok());
        let refused = resolve(&["configmaps", "-n", "Shop"]).unwrap_err();
        assert_eq!(
            error::messages(&refused),
            ["invalid namespace \"Shop\": not a DNS-1123 label"]
        );
    }
}
