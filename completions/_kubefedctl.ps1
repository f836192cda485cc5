
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'kubefedctl' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'kubefedctl'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'kubefedctl' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enables propagation of a Kubernetes API type')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disables propagation of a Kubernetes API type')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Register a cluster with a KubeFed control plane')
            [CompletionResult]::new('unjoin', 'unjoin', [CompletionResultType]::ParameterValue, 'Remove the registration of a cluster from a KubeFed control plane')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Install the KubeFed CRDs and configuration on the host cluster')
            [CompletionResult]::new('teardown', 'teardown', [CompletionResultType]::ParameterValue, 'Remove KubeFed from the host cluster and its members')
            [CompletionResult]::new('federate', 'federate', [CompletionResultType]::ParameterValue, 'Federate creates a federated resource from a kubernetes resource')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show where federated resources propagated, cluster by cluster')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show how the members'' copies differ from their templates and overrides')
            [CompletionResult]::new('orphaning-deletion', 'orphaning-deletion', [CompletionResultType]::ParameterValue, 'Manage orphaning delete policy')
            [CompletionResult]::new('override', 'override', [CompletionResultType]::ParameterValue, 'Per-cluster overrides of a federated resource')
            [CompletionResult]::new('rotate-credentials', 'rotate-credentials', [CompletionResultType]::ParameterValue, 'Replace the token the control plane uses for a member cluster')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the health of member clusters, enabled types and the control plane')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Schedule the replicas of a federated Deployment or ReplicaSet')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Join, relabel and unjoin members to match a cluster group file')
            [CompletionResult]::new('dns', 'dns', [CompletionResultType]::ParameterValue, 'Write the DNS records of federated Services and Ingresses for ExternalDNS')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the version info')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubefedctl;enable' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'An EnableTypeDirective YAML file naming the type and its federated group and versions (instead of NAME and the type flags)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'An EnableTypeDirective YAML file naming the type and its federated group and versions (instead of NAME and the type flags)')
            [CompletionResult]::new('--federated-group', '--federated-group', [CompletionResultType]::ParameterName, 'API group of the federated types')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Version of the target type [default: its preferred version]; any served version')
            [CompletionResult]::new('--federated-version', '--federated-version', [CompletionResultType]::ParameterName, 'Version of the federated types')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print the FederatedTypeConfig and CRD of each type instead of writing them')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print the FederatedTypeConfig and CRD of each type instead of writing them')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for each federated CRD to be established')
            [CompletionResult]::new('--template-schema', '--template-schema', [CompletionResultType]::ParameterName, 'Schema of `spec.template` in the federated CRD')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;disable' {
            [CompletionResult]::new('--federated-group', '--federated-group', [CompletionResultType]::ParameterName, 'API group of the federated type, to find its CRD when the FederatedTypeConfig is gone')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Version of the target type, to find the CRD when the FederatedTypeConfig is gone')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--delete-crd', '--delete-crd', [CompletionResultType]::ParameterName, 'Also delete the federated type''s CRD and all its objects')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete federated objects without asking (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete federated objects without asking (needed when stdin is not a terminal)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;join' {
            [CompletionResult]::new('--cluster-context', '--cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster')
            [CompletionResult]::new('--host-cluster-name', '--host-cluster-name', [CompletionResultType]::ParameterName, 'Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many clusters to work on at once')
            [CompletionResult]::new('--secret-name', '--secret-name', [CompletionResultType]::ParameterName, 'Name of the host Secret that stores the member''s token [default: the Secret of an earlier join, else a name generated from <CLUSTER_NAME>-]')
            [CompletionResult]::new('--error-on-existing', '--error-on-existing', [CompletionResultType]::ParameterName, 'Fail if objects of an earlier join exist; with --error-on-existing=false a re-run brings them to the desired state')
            [CompletionResult]::new('--token-timeout', '--token-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the member''s token controller to fill the token Secret')
            [CompletionResult]::new('--credentials', '--credentials', [CompletionResultType]::ParameterName, 'Where the control plane''s token for the member comes from')
            [CompletionResult]::new('--label', '--label', [CompletionResultType]::ParameterName, 'Label for the KubeFedClusters (repeatable), for placement cluster selectors; CLUSTER:KEY=VALUE labels only that cluster')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Then wait until the KubeFed controller reports each member cluster Ready, up to DURATION [default when given without a value: 2m]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Also print the objects written (the token is never printed), member and host side marked')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Also print the objects written (the token is never printed), member and host side marked')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--auto-labels', '--auto-labels', [CompletionResultType]::ParameterName, 'Also label the KubeFedCluster with the region, zone and cloud provider read from the member''s nodes')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;unjoin' {
            [CompletionResult]::new('--cluster-context', '--cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster')
            [CompletionResult]::new('--host-cluster-name', '--host-cluster-name', [CompletionResultType]::ParameterName, 'Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many clusters to work on at once')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print the result of each cluster as a document (cluster, wasJoined, dryRun, leftBehind) instead of lines')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print the result of each cluster as a document (cluster, wasJoined, dryRun, leftBehind) instead of lines')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Go on when the member cannot be reached or its context is gone, and report what could not be removed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;init' {
            [CompletionResult]::new('--scope', '--scope', [CompletionResultType]::ParameterName, 'Scope of the control plane: Cluster federates every namespace, Namespaced only the KubeFed namespace (cannot be changed later)')
            [CompletionResult]::new('--controller-image', '--controller-image', [CompletionResultType]::ParameterName, 'Also install the KubeFed controller manager with this image')
            [CompletionResult]::new('--cluster-health-check-period', '--cluster-health-check-period', [CompletionResultType]::ParameterName, 'How often the controller checks member cluster health')
            [CompletionResult]::new('--cluster-health-check-timeout', '--cluster-health-check-timeout', [CompletionResultType]::ParameterName, 'How long one member health check may take')
            [CompletionResult]::new('--cluster-health-check-failure-threshold', '--cluster-health-check-failure-threshold', [CompletionResultType]::ParameterName, 'Failed health checks in a row before a member is not ready')
            [CompletionResult]::new('--cluster-available-delay', '--cluster-available-delay', [CompletionResultType]::ParameterName, 'Wait before reconciling on a member that became ready')
            [CompletionResult]::new('--cluster-unavailable-delay', '--cluster-unavailable-delay', [CompletionResultType]::ParameterName, 'Wait before giving up on a member that became unready')
            [CompletionResult]::new('--leader-elect-lease-duration', '--leader-elect-lease-duration', [CompletionResultType]::ParameterName, 'Leader-election lease duration')
            [CompletionResult]::new('--leader-elect-renew-deadline', '--leader-elect-renew-deadline', [CompletionResultType]::ParameterName, 'Leader-election renew deadline (shorter than the lease duration)')
            [CompletionResult]::new('--leader-elect-retry-period', '--leader-elect-retry-period', [CompletionResultType]::ParameterName, 'Leader-election retry period (the renew deadline must be longer than 1.2 times it)')
            [CompletionResult]::new('--max-concurrent-reconciles', '--max-concurrent-reconciles', [CompletionResultType]::ParameterName, 'Objects the sync and the status controller reconcile at once')
            [CompletionResult]::new('--adopt-resources', '--adopt-resources', [CompletionResultType]::ParameterName, 'Whether KubeFed adopts objects that already exist in member clusters')
            [CompletionResult]::new('--feature-gates', '--feature-gates', [CompletionResultType]::ParameterName, 'Turn KubeFed''s feature gates on or off (comma-separated, repeatable): PushReconciler, SchedulerPreferences (on by default), RawResourceStatusCollection (off)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the CRDs to be established')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print the objects instead of writing them')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print the objects instead of writing them')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--enable-defaults', '--enable-defaults', [CompletionResultType]::ParameterName, 'Also enable the default types')
            [CompletionResult]::new('--dns', '--dns', [CompletionResultType]::ParameterName, 'Also install the CRDs of cross-cluster service discovery (Domain, ServiceDNSRecord, IngressDNSRecord, DNSEndpoint), for `dns`')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;teardown' {
            [CompletionResult]::new('--host-cluster-name', '--host-cluster-name', [CompletionResultType]::ParameterName, 'Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many clusters to unjoin at once')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for each deletion to finish')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print what was (or with --dry-run would be) deleted as one document')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print what was (or with --dry-run would be) deleted as one document')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Delete without asking (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Delete without asking (needed when stdin is not a terminal)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Only list what would be deleted')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Unjoin members that cannot be reached, reporting what was left on them')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;federate' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the resource; for -f, where objects of namespaced types without a namespace go [default: default]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the resource; for -f, where objects of namespaced types without a namespace go [default: default]')
            [CompletionResult]::new('-s', '-s', [CompletionResultType]::ParameterName, 'With --contents: types (plural, singular, kind, short or group-qualified name) or whole API groups to leave out (comma-separated, repeatable); endpoints and events are always left out')
            [CompletionResult]::new('--skip-api-resources', '--skip-api-resources', [CompletionResultType]::ParameterName, 'With --contents: types (plural, singular, kind, short or group-qualified name) or whole API groups to leave out (comma-separated, repeatable); endpoints and events are always left out')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'File of objects to federate (multi-document YAML or JSON, `List` kinds too); `-` reads standard input')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'File of objects to federate (multi-document YAML or JSON, `List` kinds too); `-` reads standard input')
            [CompletionResult]::new('--placement-clusters', '--placement-clusters', [CompletionResultType]::ParameterName, 'Place the federated objects on these clusters only (comma-separated)')
            [CompletionResult]::new('--placement-selector', '--placement-selector', [CompletionResultType]::ParameterName, 'Place the federated objects on clusters with this label (repeatable)')
            [CompletionResult]::new('--override', '--override', [CompletionResultType]::ParameterName, 'Change a field of the objects in one cluster (repeatable): PATH is a JSON pointer into the object, VALUE is JSON or else a string; CLUSTER:PATH- removes the field')
            [CompletionResult]::new('--override-file', '--override-file', [CompletionResultType]::ParameterName, 'KubeFed''s own `overrides` list (clusterName, clusterOverrides of op, path, value) for the objects; --override changes apply on top')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many objects to apply at once')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print the federated objects instead of applying them')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print the federated objects instead of applying them')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Enable the types that are not enabled yet (as `kubefedctl enable` does by default); with --dry-run, print what would be created instead')
            [CompletionResult]::new('--enable-type', '--enable-type', [CompletionResultType]::ParameterName, 'Enable the types that are not enabled yet (as `kubefedctl enable` does by default); with --dry-run, print what would be created instead')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'With type namespaces: also federate every object in the namespace')
            [CompletionResult]::new('--contents', '--contents', [CompletionResultType]::ParameterName, 'With type namespaces: also federate every object in the namespace')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse, before writing anything, a placement that cannot propagate (a cluster that is not joined, a selector that selects none, a namespace that is not federated) instead of warning about it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;get' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the federated resources [default: the context''s namespace, else default]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the federated resources [default: the context''s namespace, else default]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'wide adds KubeFed''s status, the reason and the overrides of each cluster; yaml and json print one document instead of the table')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'wide adds KubeFed''s status, the reason and the overrides of each cluster; yaml and json print one document instead of the table')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Federated resources of all namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Federated resources of all namespaces')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;diff' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the federated resources [default: the context''s namespace, else default]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the federated resources [default: the context''s namespace, else default]')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-A', '-A ', [CompletionResultType]::ParameterName, 'Federated resources of all namespaces')
            [CompletionResult]::new('--all-namespaces', '--all-namespaces', [CompletionResultType]::ParameterName, 'Federated resources of all namespaces')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;orphaning-deletion' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Get the orphaning deletion status of the federated resource')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubefedctl;orphaning-deletion;enable' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;orphaning-deletion;disable' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;orphaning-deletion;status' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print one YAML or JSON document instead of Enabled/Disabled')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print one YAML or JSON document instead of Enabled/Disabled')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;orphaning-deletion;help' {
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Get the orphaning deletion status of the federated resource')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubefedctl;orphaning-deletion;help;enable' {
            break
        }
        'kubefedctl;orphaning-deletion;help;disable' {
            break
        }
        'kubefedctl;orphaning-deletion;help;status' {
            break
        }
        'kubefedctl;orphaning-deletion;help;help' {
            break
        }
        'kubefedctl;override' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set fields of a federated resource in one cluster, or remove them there')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take overrides of a federated resource away in one cluster')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the overrides of a federated resource')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubefedctl;override;set' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The member cluster the overrides are for')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse, before writing anything, overrides that cannot take effect (the cluster is not joined or not placed, the placement selects none, the namespace is not federated) instead of warning about them')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;override;remove' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('--cluster', '--cluster', [CompletionResultType]::ParameterName, 'The member cluster whose overrides go')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;override;list' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the federated resource [default: the context''s namespace, else default; for a FederatedNamespace, NAME]')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print the overrides as KubeFed''s list in YAML or JSON instead of a table')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print the overrides as KubeFed''s list in YAML or JSON instead of a table')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;override;help' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set fields of a federated resource in one cluster, or remove them there')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take overrides of a federated resource away in one cluster')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the overrides of a federated resource')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubefedctl;override;help;set' {
            break
        }
        'kubefedctl;override;help;remove' {
            break
        }
        'kubefedctl;override;help;list' {
            break
        }
        'kubefedctl;override;help;help' {
            break
        }
        'kubefedctl;rotate-credentials' {
            [CompletionResult]::new('--cluster-context', '--cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster')
            [CompletionResult]::new('--host-cluster-name', '--host-cluster-name', [CompletionResultType]::ParameterName, 'Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many clusters to work on at once')
            [CompletionResult]::new('--token-timeout', '--token-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the member''s token controller to fill the new token Secret')
            [CompletionResult]::new('--ready-timeout', '--ready-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the KubeFed controller to probe the member Ready with the new token (two health checks after the switch)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;status' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print one YAML or JSON document instead of tables (one per refresh with --watch)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print one YAML or JSON document instead of tables (one per refresh with --watch)')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'How often --watch refreshes (at least 1s)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-w', '-w', [CompletionResultType]::ParameterName, 'Refresh until interrupted with Ctrl-C; the exit status is that of the last refresh')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Refresh until interrupted with Ctrl-C; the exit status is that of the last refresh')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;schedule' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Namespace of the federated object [default: the context''s namespace, else default]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Namespace of the federated object [default: the context''s namespace, else default]')
            [CompletionResult]::new('--total-replicas', '--total-replicas', [CompletionResultType]::ParameterName, 'Replicas to spread over the clusters in total')
            [CompletionResult]::new('--weight', '--weight', [CompletionResultType]::ParameterName, 'Weight of a cluster (repeatable): its share of the replicas left after the minimums')
            [CompletionResult]::new('--min', '--min', [CompletionResultType]::ParameterName, 'Fewest replicas a cluster gets (repeatable)')
            [CompletionResult]::new('--max', '--max', [CompletionResultType]::ParameterName, 'Most replicas a cluster gets (repeatable) [default: unbounded]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print the ReplicaSchedulingPreference instead of writing it')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print the ReplicaSchedulingPreference instead of writing it')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--rebalance', '--rebalance', [CompletionResultType]::ParameterName, 'Move running replicas to other clusters to match the preferences')
            [CompletionResult]::new('--intersect-with-cluster-selector', '--intersect-with-cluster-selector', [CompletionResultType]::ParameterName, 'Schedule only onto the clusters the federated object''s placement.clusterSelector selects (KubeFed ignores a placement.clusters list here); otherwise onto every ready cluster, replacing the object''s placement')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Refuse, before writing anything, a preference that cannot take effect (a cluster that is not joined, an object placed on no joined cluster or in a namespace that is not federated) instead of warning about it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;sync' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'The cluster group file (YAML)')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'The cluster group file (YAML)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'How many clusters to work on at once')
            [CompletionResult]::new('--token-timeout', '--token-timeout', [CompletionResultType]::ParameterName, 'How long to wait for a joining member''s token controller to fill the token Secret')
            [CompletionResult]::new('--wait', '--wait', [CompletionResultType]::ParameterName, 'Then wait until the KubeFed controller reports each member cluster Ready, up to DURATION [default when given without a value: 2m]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print one YAML or JSON document with the result of every member instead of lines (with --export: the file''s format, YAML by default)')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print one YAML or JSON document with the result of every member instead of lines (with --export: the file''s format, YAML by default)')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Print the cluster group file that describes the members as they are (a start for managing an existing federation with sync) instead of syncing')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Unjoin the members the file no longer lists without asking (needed when stdin is not a terminal)')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Unjoin the members the file no longer lists without asking (needed when stdin is not a terminal)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Unjoin members that cannot be reached or whose context is gone: remove their registration anyway, and report what could not be removed')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;dns' {
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Only the records of this namespace [default: all namespaces]')
            [CompletionResult]::new('--namespace', '--namespace', [CompletionResultType]::ParameterName, 'Only the records of this namespace [default: all namespaces]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print the records with their status and the DNSEndpoints instead of writing them')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print the records with their status and the DNSEndpoints instead of writing them')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Keep the records current: watch the host and the members and write again after every change, until Ctrl-C')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;version' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Print one YAML or JSON document instead of text')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Print one YAML or JSON document instead of text')
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--client', '--client', [CompletionResultType]::ParameterName, 'Print the client version only; do not contact the host cluster')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;completion' {
            [CompletionResult]::new('--kubeconfig', '--kubeconfig', [CompletionResultType]::ParameterName, 'Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config')
            [CompletionResult]::new('--host-cluster-context', '--host-cluster-context', [CompletionResultType]::ParameterName, 'Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]')
            [CompletionResult]::new('--kubefed-namespace', '--kubefed-namespace', [CompletionResultType]::ParameterName, 'Namespace of the KubeFed control plane in the host cluster')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('--v', '--v', [CompletionResultType]::ParameterName, 'Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Suppress warnings and diagnostics on stderr; results and errors are still printed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'kubefedctl;help' {
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enables propagation of a Kubernetes API type')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disables propagation of a Kubernetes API type')
            [CompletionResult]::new('join', 'join', [CompletionResultType]::ParameterValue, 'Register a cluster with a KubeFed control plane')
            [CompletionResult]::new('unjoin', 'unjoin', [CompletionResultType]::ParameterValue, 'Remove the registration of a cluster from a KubeFed control plane')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Install the KubeFed CRDs and configuration on the host cluster')
            [CompletionResult]::new('teardown', 'teardown', [CompletionResultType]::ParameterValue, 'Remove KubeFed from the host cluster and its members')
            [CompletionResult]::new('federate', 'federate', [CompletionResultType]::ParameterValue, 'Federate creates a federated resource from a kubernetes resource')
            [CompletionResult]::new('get', 'get', [CompletionResultType]::ParameterValue, 'Show where federated resources propagated, cluster by cluster')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Show how the members'' copies differ from their templates and overrides')
            [CompletionResult]::new('orphaning-deletion', 'orphaning-deletion', [CompletionResultType]::ParameterValue, 'Manage orphaning delete policy')
            [CompletionResult]::new('override', 'override', [CompletionResultType]::ParameterValue, 'Per-cluster overrides of a federated resource')
            [CompletionResult]::new('rotate-credentials', 'rotate-credentials', [CompletionResultType]::ParameterValue, 'Replace the token the control plane uses for a member cluster')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the health of member clusters, enabled types and the control plane')
            [CompletionResult]::new('schedule', 'schedule', [CompletionResultType]::ParameterValue, 'Schedule the replicas of a federated Deployment or ReplicaSet')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Join, relabel and unjoin members to match a cluster group file')
            [CompletionResult]::new('dns', 'dns', [CompletionResultType]::ParameterValue, 'Write the DNS records of federated Services and Ingresses for ExternalDNS')
            [CompletionResult]::new('version', 'version', [CompletionResultType]::ParameterValue, 'Print the version info')
            [CompletionResult]::new('completion', 'completion', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'kubefedctl;help;enable' {
            break
        }
        'kubefedctl;help;disable' {
            break
        }
        'kubefedctl;help;join' {
            break
        }
        'kubefedctl;help;unjoin' {
            break
        }
        'kubefedctl;help;init' {
            break
        }
        'kubefedctl;help;teardown' {
            break
        }
        'kubefedctl;help;federate' {
            break
        }
        'kubefedctl;help;get' {
            break
        }
        'kubefedctl;help;diff' {
            break
        }
        'kubefedctl;help;orphaning-deletion' {
            [CompletionResult]::new('enable', 'enable', [CompletionResultType]::ParameterValue, 'Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal')
            [CompletionResult]::new('disable', 'disable', [CompletionResultType]::ParameterValue, 'Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Get the orphaning deletion status of the federated resource')
            break
        }
        'kubefedctl;help;orphaning-deletion;enable' {
            break
        }
        'kubefedctl;help;orphaning-deletion;disable' {
            break
        }
        'kubefedctl;help;orphaning-deletion;status' {
            break
        }
        'kubefedctl;help;override' {
            [CompletionResult]::new('set', 'set', [CompletionResultType]::ParameterValue, 'Set fields of a federated resource in one cluster, or remove them there')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Take overrides of a federated resource away in one cluster')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List the overrides of a federated resource')
            break
        }
        'kubefedctl;help;override;set' {
            break
        }
        'kubefedctl;help;override;remove' {
            break
        }
        'kubefedctl;help;override;list' {
            break
        }
        'kubefedctl;help;rotate-credentials' {
            break
        }
        'kubefedctl;help;status' {
            break
        }
        'kubefedctl;help;schedule' {
            break
        }
        'kubefedctl;help;sync' {
            break
        }
        'kubefedctl;help;dns' {
            break
        }
        'kubefedctl;help;version' {
            break
        }
        'kubefedctl;help;completion' {
            break
        }
        'kubefedctl;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
