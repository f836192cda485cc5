
use builtin;
use str;

set edit:completion:arg-completer[kubefedctl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'kubefedctl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'kubefedctl'= {
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand enable 'Enables propagation of a Kubernetes API type'
            cand disable 'Disables propagation of a Kubernetes API type'
            cand join 'Register a cluster with a KubeFed control plane'
            cand unjoin 'Remove the registration of a cluster from a KubeFed control plane'
            cand init 'Install the KubeFed CRDs and configuration on the host cluster'
            cand teardown 'Remove KubeFed from the host cluster and its members'
            cand federate 'Federate creates a federated resource from a kubernetes resource'
            cand get 'Show where federated resources propagated, cluster by cluster'
            cand diff 'Show how the members'' copies differ from their templates and overrides'
            cand orphaning-deletion 'Manage orphaning delete policy'
            cand override 'Per-cluster overrides of a federated resource'
            cand rotate-credentials 'Replace the token the control plane uses for a member cluster'
            cand status 'Show the health of member clusters, enabled types and the control plane'
            cand schedule 'Schedule the replicas of a federated Deployment or ReplicaSet'
            cand sync 'Join, relabel and unjoin members to match a cluster group file'
            cand dns 'Write the DNS records of federated Services and Ingresses for ExternalDNS'
            cand version 'Print the version info'
            cand completion 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kubefedctl;enable'= {
            cand -f 'An EnableTypeDirective YAML file naming the type and its federated group and versions (instead of NAME and the type flags)'
            cand --filename 'An EnableTypeDirective YAML file naming the type and its federated group and versions (instead of NAME and the type flags)'
            cand --federated-group 'API group of the federated types'
            cand --version 'Version of the target type [default: its preferred version]; any served version'
            cand --federated-version 'Version of the federated types'
            cand -o 'Print the FederatedTypeConfig and CRD of each type instead of writing them'
            cand --output 'Print the FederatedTypeConfig and CRD of each type instead of writing them'
            cand --timeout 'How long to wait for each federated CRD to be established'
            cand --template-schema 'Schema of `spec.template` in the federated CRD'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;disable'= {
            cand --federated-group 'API group of the federated type, to find its CRD when the FederatedTypeConfig is gone'
            cand --version 'Version of the target type, to find the CRD when the FederatedTypeConfig is gone'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --delete-crd 'Also delete the federated type''s CRD and all its objects'
            cand -y 'Delete federated objects without asking (needed when stdin is not a terminal)'
            cand --yes 'Delete federated objects without asking (needed when stdin is not a terminal)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;join'= {
            cand --cluster-context 'Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster'
            cand --host-cluster-name 'Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]'
            cand --concurrency 'How many clusters to work on at once'
            cand --secret-name 'Name of the host Secret that stores the member''s token [default: the Secret of an earlier join, else a name generated from <CLUSTER_NAME>-]'
            cand --error-on-existing 'Fail if objects of an earlier join exist; with --error-on-existing=false a re-run brings them to the desired state'
            cand --token-timeout 'How long to wait for the member''s token controller to fill the token Secret'
            cand --credentials 'Where the control plane''s token for the member comes from'
            cand --label 'Label for the KubeFedClusters (repeatable), for placement cluster selectors; CLUSTER:KEY=VALUE labels only that cluster'
            cand --wait 'Then wait until the KubeFed controller reports each member cluster Ready, up to DURATION [default when given without a value: 2m]'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand -o 'Also print the objects written (the token is never printed), member and host side marked'
            cand --output 'Also print the objects written (the token is never printed), member and host side marked'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --auto-labels 'Also label the KubeFedCluster with the region, zone and cloud provider read from the member''s nodes'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;unjoin'= {
            cand --cluster-context 'Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster'
            cand --host-cluster-name 'Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]'
            cand --concurrency 'How many clusters to work on at once'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand -o 'Print the result of each cluster as a document (cluster, wasJoined, dryRun, leftBehind) instead of lines'
            cand --output 'Print the result of each cluster as a document (cluster, wasJoined, dryRun, leftBehind) instead of lines'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --force 'Go on when the member cannot be reached or its context is gone, and report what could not be removed'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;init'= {
            cand --scope 'Scope of the control plane: Cluster federates every namespace, Namespaced only the KubeFed namespace (cannot be changed later)'
            cand --controller-image 'Also install the KubeFed controller manager with this image'
            cand --cluster-health-check-period 'How often the controller checks member cluster health'
            cand --cluster-health-check-timeout 'How long one member health check may take'
            cand --cluster-health-check-failure-threshold 'Failed health checks in a row before a member is not ready'
            cand --cluster-available-delay 'Wait before reconciling on a member that became ready'
            cand --cluster-unavailable-delay 'Wait before giving up on a member that became unready'
            cand --leader-elect-lease-duration 'Leader-election lease duration'
            cand --leader-elect-renew-deadline 'Leader-election renew deadline (shorter than the lease duration)'
            cand --leader-elect-retry-period 'Leader-election retry period (the renew deadline must be longer than 1.2 times it)'
            cand --max-concurrent-reconciles 'Objects the sync and the status controller reconcile at once'
            cand --adopt-resources 'Whether KubeFed adopts objects that already exist in member clusters'
            cand --feature-gates 'Turn KubeFed''s feature gates on or off (comma-separated, repeatable): PushReconciler, SchedulerPreferences (on by default), RawResourceStatusCollection (off)'
            cand --timeout 'How long to wait for the CRDs to be established'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand -o 'Print the objects instead of writing them'
            cand --output 'Print the objects instead of writing them'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --enable-defaults 'Also enable the default types'
            cand --dns 'Also install the CRDs of cross-cluster service discovery (Domain, ServiceDNSRecord, IngressDNSRecord, DNSEndpoint), for `dns`'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;teardown'= {
            cand --host-cluster-name 'Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]'
            cand --concurrency 'How many clusters to unjoin at once'
            cand --timeout 'How long to wait for each deletion to finish'
            cand -o 'Print what was (or with --dry-run would be) deleted as one document'
            cand --output 'Print what was (or with --dry-run would be) deleted as one document'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -y 'Delete without asking (needed when stdin is not a terminal)'
            cand --yes 'Delete without asking (needed when stdin is not a terminal)'
            cand --dry-run 'Only list what would be deleted'
            cand --force 'Unjoin members that cannot be reached, reporting what was left on them'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;federate'= {
            cand -n 'Namespace of the resource; for -f, where objects of namespaced types without a namespace go [default: default]'
            cand --namespace 'Namespace of the resource; for -f, where objects of namespaced types without a namespace go [default: default]'
            cand -s 'With --contents: types (plural, singular, kind, short or group-qualified name) or whole API groups to leave out (comma-separated, repeatable); endpoints and events are always left out'
            cand --skip-api-resources 'With --contents: types (plural, singular, kind, short or group-qualified name) or whole API groups to leave out (comma-separated, repeatable); endpoints and events are always left out'
            cand -f 'File of objects to federate (multi-document YAML or JSON, `List` kinds too); `-` reads standard input'
            cand --filename 'File of objects to federate (multi-document YAML or JSON, `List` kinds too); `-` reads standard input'
            cand --placement-clusters 'Place the federated objects on these clusters only (comma-separated)'
            cand --placement-selector 'Place the federated objects on clusters with this label (repeatable)'
            cand --override 'Change a field of the objects in one cluster (repeatable): PATH is a JSON pointer into the object, VALUE is JSON or else a string; CLUSTER:PATH- removes the field'
            cand --override-file 'KubeFed''s own `overrides` list (clusterName, clusterOverrides of op, path, value) for the objects; --override changes apply on top'
            cand --concurrency 'How many objects to apply at once'
            cand --wait 'Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand -o 'Print the federated objects instead of applying them'
            cand --output 'Print the federated objects instead of applying them'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -t 'Enable the types that are not enabled yet (as `kubefedctl enable` does by default); with --dry-run, print what would be created instead'
            cand --enable-type 'Enable the types that are not enabled yet (as `kubefedctl enable` does by default); with --dry-run, print what would be created instead'
            cand -c 'With type namespaces: also federate every object in the namespace'
            cand --contents 'With type namespaces: also federate every object in the namespace'
            cand --strict 'Refuse, before writing anything, a placement that cannot propagate (a cluster that is not joined, a selector that selects none, a namespace that is not federated) instead of warning about it'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;get'= {
            cand -n 'Namespace of the federated resources [default: the context''s namespace, else default]'
            cand --namespace 'Namespace of the federated resources [default: the context''s namespace, else default]'
            cand -o 'wide adds KubeFed''s status, the reason and the overrides of each cluster; yaml and json print one document instead of the table'
            cand --output 'wide adds KubeFed''s status, the reason and the overrides of each cluster; yaml and json print one document instead of the table'
            cand --wait 'Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -A 'Federated resources of all namespaces'
            cand --all-namespaces 'Federated resources of all namespaces'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;diff'= {
            cand -n 'Namespace of the federated resources [default: the context''s namespace, else default]'
            cand --namespace 'Namespace of the federated resources [default: the context''s namespace, else default]'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -A 'Federated resources of all namespaces'
            cand --all-namespaces 'Federated resources of all namespaces'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;orphaning-deletion'= {
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand enable 'Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal'
            cand disable 'Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource'
            cand status 'Get the orphaning deletion status of the federated resource'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kubefedctl;orphaning-deletion;enable'= {
            cand -n 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand --namespace 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;orphaning-deletion;disable'= {
            cand -n 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand --namespace 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;orphaning-deletion;status'= {
            cand -n 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand --namespace 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand -o 'Print one YAML or JSON document instead of Enabled/Disabled'
            cand --output 'Print one YAML or JSON document instead of Enabled/Disabled'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;orphaning-deletion;help'= {
            cand enable 'Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal'
            cand disable 'Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource'
            cand status 'Get the orphaning deletion status of the federated resource'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kubefedctl;orphaning-deletion;help;enable'= {
        }
        &'kubefedctl;orphaning-deletion;help;disable'= {
        }
        &'kubefedctl;orphaning-deletion;help;status'= {
        }
        &'kubefedctl;orphaning-deletion;help;help'= {
        }
        &'kubefedctl;override'= {
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand set 'Set fields of a federated resource in one cluster, or remove them there'
            cand remove 'Take overrides of a federated resource away in one cluster'
            cand list 'List the overrides of a federated resource'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kubefedctl;override;set'= {
            cand -n 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand --namespace 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand --cluster 'The member cluster the overrides are for'
            cand --wait 'Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --strict 'Refuse, before writing anything, overrides that cannot take effect (the cluster is not joined or not placed, the placement selects none, the namespace is not federated) instead of warning about them'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;override;remove'= {
            cand -n 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand --namespace 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand --cluster 'The member cluster whose overrides go'
            cand --wait 'Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;override;list'= {
            cand -n 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand --namespace 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]'
            cand -o 'Print the overrides as KubeFed''s list in YAML or JSON instead of a table'
            cand --output 'Print the overrides as KubeFed''s list in YAML or JSON instead of a table'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;override;help'= {
            cand set 'Set fields of a federated resource in one cluster, or remove them there'
            cand remove 'Take overrides of a federated resource away in one cluster'
            cand list 'List the overrides of a federated resource'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kubefedctl;override;help;set'= {
        }
        &'kubefedctl;override;help;remove'= {
        }
        &'kubefedctl;override;help;list'= {
        }
        &'kubefedctl;override;help;help'= {
        }
        &'kubefedctl;rotate-credentials'= {
            cand --cluster-context 'Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster'
            cand --host-cluster-name 'Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]'
            cand --concurrency 'How many clusters to work on at once'
            cand --token-timeout 'How long to wait for the member''s token controller to fill the new token Secret'
            cand --ready-timeout 'How long to wait for the KubeFed controller to probe the member Ready with the new token (two health checks after the switch)'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;status'= {
            cand -o 'Print one YAML or JSON document instead of tables (one per refresh with --watch)'
            cand --output 'Print one YAML or JSON document instead of tables (one per refresh with --watch)'
            cand --interval 'How often --watch refreshes (at least 1s)'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -w 'Refresh until interrupted with Ctrl-C; the exit status is that of the last refresh'
            cand --watch 'Refresh until interrupted with Ctrl-C; the exit status is that of the last refresh'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;schedule'= {
            cand -n 'Namespace of the federated object [default: the context''s namespace, else default]'
            cand --namespace 'Namespace of the federated object [default: the context''s namespace, else default]'
            cand --total-replicas 'Replicas to spread over the clusters in total'
            cand --weight 'Weight of a cluster (repeatable): its share of the replicas left after the minimums'
            cand --min 'Fewest replicas a cluster gets (repeatable)'
            cand --max 'Most replicas a cluster gets (repeatable) [default: unbounded]'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand -o 'Print the ReplicaSchedulingPreference instead of writing it'
            cand --output 'Print the ReplicaSchedulingPreference instead of writing it'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --rebalance 'Move running replicas to other clusters to match the preferences'
            cand --intersect-with-cluster-selector 'Schedule only onto the clusters the federated object''s placement.clusterSelector selects (KubeFed ignores a placement.clusters list here); otherwise onto every ready cluster, replacing the object''s placement'
            cand --strict 'Refuse, before writing anything, a preference that cannot take effect (a cluster that is not joined, an object placed on no joined cluster or in a namespace that is not federated) instead of warning about it'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;sync'= {
            cand -f 'The cluster group file (YAML)'
            cand --filename 'The cluster group file (YAML)'
            cand --concurrency 'How many clusters to work on at once'
            cand --token-timeout 'How long to wait for a joining member''s token controller to fill the token Secret'
            cand --wait 'Then wait until the KubeFed controller reports each member cluster Ready, up to DURATION [default when given without a value: 2m]'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand -o 'Print one YAML or JSON document with the result of every member instead of lines (with --export: the file''s format, YAML by default)'
            cand --output 'Print one YAML or JSON document with the result of every member instead of lines (with --export: the file''s format, YAML by default)'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --export 'Print the cluster group file that describes the members as they are (a start for managing an existing federation with sync) instead of syncing'
            cand -y 'Unjoin the members the file no longer lists without asking (needed when stdin is not a terminal)'
            cand --yes 'Unjoin the members the file no longer lists without asking (needed when stdin is not a terminal)'
            cand --force 'Unjoin members that cannot be reached or whose context is gone: remove their registration anyway, and report what could not be removed'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;dns'= {
            cand -n 'Only the records of this namespace [default: all namespaces]'
            cand --namespace 'Only the records of this namespace [default: all namespaces]'
            cand --dry-run 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them'
            cand -o 'Print the records with their status and the DNSEndpoints instead of writing them'
            cand --output 'Print the records with their status and the DNSEndpoints instead of writing them'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --watch 'Keep the records current: watch the host and the members and write again after every change, until Ctrl-C'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;version'= {
            cand -o 'Print one YAML or JSON document instead of text'
            cand --output 'Print one YAML or JSON document instead of text'
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --client 'Print the client version only; do not contact the host cluster'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;completion'= {
            cand --kubeconfig 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config'
            cand --host-cluster-context 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]'
            cand --kubefed-namespace 'Namespace of the KubeFed control plane in the host cluster'
            cand -v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand --v 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)'
            cand -q 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand --quiet 'Suppress warnings and diagnostics on stderr; results and errors are still printed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'kubefedctl;help'= {
            cand enable 'Enables propagation of a Kubernetes API type'
            cand disable 'Disables propagation of a Kubernetes API type'
            cand join 'Register a cluster with a KubeFed control plane'
            cand unjoin 'Remove the registration of a cluster from a KubeFed control plane'
            cand init 'Install the KubeFed CRDs and configuration on the host cluster'
            cand teardown 'Remove KubeFed from the host cluster and its members'
            cand federate 'Federate creates a federated resource from a kubernetes resource'
            cand get 'Show where federated resources propagated, cluster by cluster'
            cand diff 'Show how the members'' copies differ from their templates and overrides'
            cand orphaning-deletion 'Manage orphaning delete policy'
            cand override 'Per-cluster overrides of a federated resource'
            cand rotate-credentials 'Replace the token the control plane uses for a member cluster'
            cand status 'Show the health of member clusters, enabled types and the control plane'
            cand schedule 'Schedule the replicas of a federated Deployment or ReplicaSet'
            cand sync 'Join, relabel and unjoin members to match a cluster group file'
            cand dns 'Write the DNS records of federated Services and Ingresses for ExternalDNS'
            cand version 'Print the version info'
            cand completion 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'kubefedctl;help;enable'= {
        }
        &'kubefedctl;help;disable'= {
        }
        &'kubefedctl;help;join'= {
        }
        &'kubefedctl;help;unjoin'= {
        }
        &'kubefedctl;help;init'= {
        }
        &'kubefedctl;help;teardown'= {
        }
        &'kubefedctl;help;federate'= {
        }
        &'kubefedctl;help;get'= {
        }
        &'kubefedctl;help;diff'= {
        }
        &'kubefedctl;help;orphaning-deletion'= {
            cand enable 'Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal'
            cand disable 'Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource'
            cand status 'Get the orphaning deletion status of the federated resource'
        }
        &'kubefedctl;help;orphaning-deletion;enable'= {
        }
        &'kubefedctl;help;orphaning-deletion;disable'= {
        }
        &'kubefedctl;help;orphaning-deletion;status'= {
        }
        &'kubefedctl;help;override'= {
            cand set 'Set fields of a federated resource in one cluster, or remove them there'
            cand remove 'Take overrides of a federated resource away in one cluster'
            cand list 'List the overrides of a federated resource'
        }
        &'kubefedctl;help;override;set'= {
        }
        &'kubefedctl;help;override;remove'= {
        }
        &'kubefedctl;help;override;list'= {
        }
        &'kubefedctl;help;rotate-credentials'= {
        }
        &'kubefedctl;help;status'= {
        }
        &'kubefedctl;help;schedule'= {
        }
        &'kubefedctl;help;sync'= {
        }
        &'kubefedctl;help;dns'= {
        }
        &'kubefedctl;help;version'= {
        }
        &'kubefedctl;help;completion'= {
        }
        &'kubefedctl;help;help'= {
        }
    ]
    $completions[$command]
}
