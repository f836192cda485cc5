//! How commands word the result of a write: `created`, `updated` or `unchanged`, and
//! the mark of a dry run.

use kube::api::DynamicObject;

use crate::cli::DryRun;

/// Marks the result lines of a dry run.
pub(crate) fn dry_run_suffix(dry_run: DryRun) -> &'static str {
    match dry_run {
        DryRun::None => "",
        DryRun::Client => " (dry run)",
        DryRun::Server => " (server dry run)",
    }
}

/// `created`, `updated` or `unchanged`. Only the spec is applied, so an unchanged
/// generation means nothing changed; objects without a generation (RBAC, service
/// accounts) keep their resourceVersion when an apply changes nothing.
pub(crate) fn outcome(
    before: Option<&DynamicObject>,
    after: &DynamicObject,
    dry_run: DryRun,
) -> &'static str {
    match before {
        None => "created",
        // A client dry run cannot know what the server would change.
        Some(_) if dry_run == DryRun::Client => "updated",
        Some(before) if before.metadata.generation.is_none() => {
            if before.metadata.resource_version == after.metadata.resource_version {
                "unchanged"
            } else {
                "updated"
            }
        }
        Some(before) if before.metadata.generation == after.metadata.generation => "unchanged",
        Some(_) => "updated",
    }
}
