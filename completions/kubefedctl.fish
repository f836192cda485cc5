# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_kubefedctl_global_optspecs
    string join \n kubeconfig= host-cluster-context= kubefed-namespace= v/v= q/quiet h/help V/version
end

function __fish_kubefedctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_kubefedctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_kubefedctl_using_subcommand
    set -l cmd (__fish_kubefedctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -s V -l version -d 'Print version'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -f -a "enable" -d 'Enables propagation of a Kubernetes API type'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -f -a "disable" -d 'Disables propagation of a Kubernetes API type'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -f -a "join" -d 'Register a cluster with a KubeFed control plane'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -f -a "unjoin" -d 'Remove the registration of a cluster from a KubeFed control plane'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -f -a "federate" -d 'Federate creates a federated resource from a kubernetes resource'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -f -a "orphaning-deletion" -d 'Manage orphaning delete policy'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -f -a "version" -d 'Print the version info'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -f -a "completion" -d 'Print a shell completion script'
complete -c kubefedctl -n "__fish_kubefedctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -s f -l filename -d 'An EnableTypeDirective YAML file naming the type and its federated group and versions (instead of NAME and the type flags)' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -l federated-group -d 'API group of the federated types' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -l version -d 'Version of the target type [default: its preferred version]; any served version' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -l federated-version -d 'Version of the federated types' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -s o -l output -d 'Print the FederatedTypeConfig and CRD of each type instead of writing them' -r -f -a "yaml\t''
json\t''"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -l timeout -d 'How long to wait for each federated CRD to be established' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -l template-schema -d 'Schema of `spec.template` in the federated CRD' -r -f -a "preserve\t'Any object, unvalidated (as Go kubefedctl)'
full\t'The target type\'s structural schema: the API server validates templates'"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -l dry-run -d 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them' -r -f -a "none\t'Write for real'
client\t'Send nothing that writes; reads still happen'
server\t'Send every write with dryRun=All: the API server validates but stores nothing'"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -l federated-group -d 'API group of the federated type, to find its CRD when the FederatedTypeConfig is gone' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -l version -d 'Version of the target type, to find the CRD when the FederatedTypeConfig is gone' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -l dry-run -d 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them' -r -f -a "none\t'Write for real'
client\t'Send nothing that writes; reads still happen'
server\t'Send every write with dryRun=All: the API server validates but stores nothing'"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -l delete-crd -d 'Also delete the federated type\'s CRD and all its objects'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -s y -l yes -d 'Delete federated objects without asking (needed when stdin is not a terminal)'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l cluster-context -d 'Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l host-cluster-name -d 'Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l concurrency -d 'How many clusters to work on at once' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l secret-name -d 'Name of the host Secret that stores the member\'s token [default: the Secret of an earlier join, else a name generated from <CLUSTER_NAME>-]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l error-on-existing -d 'Fail if objects of an earlier join exist; with --error-on-existing=false a re-run brings them to the desired state' -r -f -a "true\t''
false\t''"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l token-timeout -d 'How long to wait for the member\'s token controller to fill the token Secret' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l label -d 'Label for the KubeFedCluster (repeatable), for placement cluster selectors' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l dry-run -d 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them' -r -f -a "none\t'Write for real'
client\t'Send nothing that writes; reads still happen'
server\t'Send every write with dryRun=All: the API server validates but stores nothing'"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -s o -l output -d 'Also print the objects written (the token is never printed), member and host side marked' -r -f -a "yaml\t''
json\t''"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -l auto-labels -d 'Also label the KubeFedCluster with the region, zone and cloud provider read from the member\'s nodes'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand join" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -l cluster-context -d 'Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -l host-cluster-name -d 'Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -l concurrency -d 'How many clusters to work on at once' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -l dry-run -d 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them' -r -f -a "none\t'Write for real'
client\t'Send nothing that writes; reads still happen'
server\t'Send every write with dryRun=All: the API server validates but stores nothing'"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -l force -d 'Go on when the member cannot be reached or its context is gone, and report what could not be removed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand unjoin" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -s n -l namespace -d 'Namespace of the resource; for -f, where objects of namespaced types without a namespace go [default: default]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -s s -l skip-api-resources -d 'With --contents: types (plural, singular, kind, short or group-qualified name) or whole API groups to leave out (comma-separated, repeatable); endpoints and events are always left out' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -s f -l filename -d 'File of objects to federate (multi-document YAML or JSON, `List` kinds too); `-` reads standard input' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -l placement-clusters -d 'Place the federated objects on these clusters only (comma-separated)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -l placement-selector -d 'Place the federated objects on clusters with this label (repeatable)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -l concurrency -d 'How many objects to apply at once' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -l dry-run -d 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them' -r -f -a "none\t'Write for real'
client\t'Send nothing that writes; reads still happen'
server\t'Send every write with dryRun=All: the API server validates but stores nothing'"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -s o -l output -d 'Print the federated objects instead of applying them' -r -f -a "yaml\t''
json\t''"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -s t -l enable-type -d 'Enable the types that are not enabled yet (as `kubefedctl enable` does by default); with --dry-run, print what would be created instead'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -s c -l contents -d 'With type namespaces: also federate every object in the namespace'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand federate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and not __fish_seen_subcommand_from enable disable status help" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and not __fish_seen_subcommand_from enable disable status help" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and not __fish_seen_subcommand_from enable disable status help" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and not __fish_seen_subcommand_from enable disable status help" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and not __fish_seen_subcommand_from enable disable status help" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and not __fish_seen_subcommand_from enable disable status help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and not __fish_seen_subcommand_from enable disable status help" -f -a "enable" -d 'Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and not __fish_seen_subcommand_from enable disable status help" -f -a "disable" -d 'Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and not __fish_seen_subcommand_from enable disable status help" -f -a "status" -d 'Get the orphaning deletion status of the federated resource'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and not __fish_seen_subcommand_from enable disable status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from enable" -s n -l namespace -d 'Namespace of the federated resource [default: the context\'s namespace, else default; for a FederatedNamespace, NAME]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from enable" -l dry-run -d 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them' -r -f -a "none\t'Write for real'
client\t'Send nothing that writes; reads still happen'
server\t'Send every write with dryRun=All: the API server validates but stores nothing'"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from enable" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from enable" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from enable" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from enable" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from enable" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from enable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from disable" -s n -l namespace -d 'Namespace of the federated resource [default: the context\'s namespace, else default; for a FederatedNamespace, NAME]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from disable" -l dry-run -d 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them' -r -f -a "none\t'Write for real'
client\t'Send nothing that writes; reads still happen'
server\t'Send every write with dryRun=All: the API server validates but stores nothing'"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from disable" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from disable" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from disable" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from disable" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from disable" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from disable" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from status" -s n -l namespace -d 'Namespace of the federated resource [default: the context\'s namespace, else default; for a FederatedNamespace, NAME]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from status" -s o -l output -d 'Print one YAML or JSON document instead of Enabled/Disabled' -r -f -a "yaml\t''
json\t''"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from status" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from status" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from status" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from status" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from help" -f -a "enable" -d 'Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from help" -f -a "disable" -d 'Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from help" -f -a "status" -d 'Get the orphaning deletion status of the federated resource'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand orphaning-deletion; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand version" -s o -l output -d 'Print one YAML or JSON document instead of text' -r -f -a "yaml\t''
json\t''"
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand version" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand version" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand version" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand version" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand version" -l client -d 'Print the client version only; do not contact the host cluster'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand version" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand completion" -l kubeconfig -d 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config' -r -F
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand completion" -l host-cluster-context -d 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand completion" -l kubefed-namespace -d 'Namespace of the KubeFed control plane in the host cluster' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand completion" -s v -l v -d 'Log verbosity: higher numbers print more diagnostics on stderr (accepts --v=2 as the Go kubefedctl did)' -r
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand completion" -s q -l quiet -d 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand completion" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and not __fish_seen_subcommand_from enable disable join unjoin federate orphaning-deletion version completion help" -f -a "enable" -d 'Enables propagation of a Kubernetes API type'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and not __fish_seen_subcommand_from enable disable join unjoin federate orphaning-deletion version completion help" -f -a "disable" -d 'Disables propagation of a Kubernetes API type'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and not __fish_seen_subcommand_from enable disable join unjoin federate orphaning-deletion version completion help" -f -a "join" -d 'Register a cluster with a KubeFed control plane'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and not __fish_seen_subcommand_from enable disable join unjoin federate orphaning-deletion version completion help" -f -a "unjoin" -d 'Remove the registration of a cluster from a KubeFed control plane'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and not __fish_seen_subcommand_from enable disable join unjoin federate orphaning-deletion version completion help" -f -a "federate" -d 'Federate creates a federated resource from a kubernetes resource'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and not __fish_seen_subcommand_from enable disable join unjoin federate orphaning-deletion version completion help" -f -a "orphaning-deletion" -d 'Manage orphaning delete policy'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and not __fish_seen_subcommand_from enable disable join unjoin federate orphaning-deletion version completion help" -f -a "version" -d 'Print the version info'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and not __fish_seen_subcommand_from enable disable join unjoin federate orphaning-deletion version completion help" -f -a "completion" -d 'Print a shell completion script'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and not __fish_seen_subcommand_from enable disable join unjoin federate orphaning-deletion version completion help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and __fish_seen_subcommand_from orphaning-deletion" -f -a "enable" -d 'Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and __fish_seen_subcommand_from orphaning-deletion" -f -a "disable" -d 'Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource'
complete -c kubefedctl -n "__fish_kubefedctl_using_subcommand help; and __fish_seen_subcommand_from orphaning-deletion" -f -a "status" -d 'Get the orphaning deletion status of the federated resource'
