module completions {

  # kubefedctl controls a Kubernetes Cluster Federation
  export extern kubefedctl [
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    --version(-V)             # Print version
  ]

  def "nu-complete kubefedctl enable output" [] {
    [ "yaml" "json" ]
  }

  def "nu-complete kubefedctl enable template_schema" [] {
    [ "preserve" "full" ]
  }

  def "nu-complete kubefedctl enable dry_run" [] {
    [ "none" "client" "server" ]
  }

  # Enables propagation of a Kubernetes API type
  export extern "kubefedctl enable" [
    --filename(-f): path      # An EnableTypeDirective YAML file naming the type and its federated group and versions (instead of NAME and the type flags)
    --federated-group: string # API group of the federated types
    --version: string         # Version of the target type [default: its preferred version]; any served version
    --federated-version: string # Version of the federated types
    --output(-o): string@"nu-complete kubefedctl enable output" # Print the FederatedTypeConfig and CRD of each type instead of writing them
    --timeout: string         # How long to wait for each federated CRD to be established
    --template-schema: string@"nu-complete kubefedctl enable template_schema" # Schema of `spec.template` in the federated CRD
    --dry-run: string@"nu-complete kubefedctl enable dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    ...names: string          # Types to enable
  ]

  def "nu-complete kubefedctl disable dry_run" [] {
    [ "none" "client" "server" ]
  }

  # Disables propagation of a Kubernetes API type
  export extern "kubefedctl disable" [
    --delete-crd              # Also delete the federated type's CRD and all its objects
    --yes(-y)                 # Delete federated objects without asking (needed when stdin is not a terminal)
    --federated-group: string # API group of the federated type, to find its CRD when the FederatedTypeConfig is gone
    --version: string         # Version of the target type, to find the CRD when the FederatedTypeConfig is gone
    --dry-run: string@"nu-complete kubefedctl disable dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    ...names: string          # Types to disable
  ]

  def "nu-complete kubefedctl join error_on_existing" [] {
    [ "true" "false" ]
  }

  def "nu-complete kubefedctl join credentials" [] {
    [ "service-account" "kubeconfig" ]
  }

  def "nu-complete kubefedctl join dry_run" [] {
    [ "none" "client" "server" ]
  }

  def "nu-complete kubefedctl join output" [] {
    [ "yaml" "json" ]
  }

  # Register a cluster with a KubeFed control plane
  export extern "kubefedctl join" [
    --cluster-context: string # Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster
    --host-cluster-name: string # Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]
    --concurrency: string     # How many clusters to work on at once
    --secret-name: string     # Name of the host Secret that stores the member's token [default: the Secret of an earlier join, else a name generated from <CLUSTER_NAME>-]
    --error-on-existing: string@"nu-complete kubefedctl join error_on_existing" # Fail if objects of an earlier join exist; with --error-on-existing=false a re-run brings them to the desired state
    --token-timeout: string   # How long to wait for the member's token controller to fill the token Secret
    --credentials: string@"nu-complete kubefedctl join credentials" # Where the control plane's token for the member comes from
    --label: string           # Label for the KubeFedClusters (repeatable), for placement cluster selectors; CLUSTER:KEY=VALUE labels only that cluster
    --auto-labels             # Also label the KubeFedCluster with the region, zone and cloud provider read from the member's nodes
    --wait: string            # Then wait until the KubeFed controller reports each member cluster Ready, up to DURATION [default when given without a value: 2m]
    --dry-run: string@"nu-complete kubefedctl join dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --output(-o): string@"nu-complete kubefedctl join output" # Also print the objects written (the token is never printed), member and host side marked
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    ...clusters: string       # Names of the clusters to join; each is also its kubeconfig context unless --cluster-context says otherwise
  ]

  def "nu-complete kubefedctl unjoin dry_run" [] {
    [ "none" "client" "server" ]
  }

  def "nu-complete kubefedctl unjoin output" [] {
    [ "yaml" "json" ]
  }

  # Remove the registration of a cluster from a KubeFed control plane
  export extern "kubefedctl unjoin" [
    --cluster-context: string # Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster
    --host-cluster-name: string # Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]
    --concurrency: string     # How many clusters to work on at once
    --force                   # Go on when the member cannot be reached or its context is gone, and report what could not be removed
    --dry-run: string@"nu-complete kubefedctl unjoin dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --output(-o): string@"nu-complete kubefedctl unjoin output" # Print the result of each cluster as a document (cluster, wasJoined, dryRun, leftBehind) instead of lines
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    ...clusters: string       # Names of the clusters to unjoin
  ]

  def "nu-complete kubefedctl init scope" [] {
    [ "Cluster" "Namespaced" ]
  }

  def "nu-complete kubefedctl init adopt_resources" [] {
    [ "true" "false" ]
  }

  def "nu-complete kubefedctl init dry_run" [] {
    [ "none" "client" "server" ]
  }

  def "nu-complete kubefedctl init output" [] {
    [ "yaml" "json" ]
  }

  # Install the KubeFed CRDs and configuration on the host cluster
  export extern "kubefedctl init" [
    --scope: string@"nu-complete kubefedctl init scope" # Scope of the control plane: Cluster federates every namespace, Namespaced only the KubeFed namespace (cannot be changed later)
    --enable-defaults         # Also enable the default types
    --controller-image: string # Also install the KubeFed controller manager with this image
    --dns                     # Also install the CRDs of cross-cluster service discovery (Domain, ServiceDNSRecord, IngressDNSRecord, DNSEndpoint), for `dns`
    --cluster-health-check-period: string # How often the controller checks member cluster health
    --cluster-health-check-timeout: string # How long one member health check may take
    --cluster-health-check-failure-threshold: string # Failed health checks in a row before a member is not ready
    --cluster-available-delay: string # Wait before reconciling on a member that became ready
    --cluster-unavailable-delay: string # Wait before giving up on a member that became unready
    --leader-elect-lease-duration: string # Leader-election lease duration
    --leader-elect-renew-deadline: string # Leader-election renew deadline (shorter than the lease duration)
    --leader-elect-retry-period: string # Leader-election retry period (the renew deadline must be longer than 1.2 times it)
    --max-concurrent-reconciles: string # Objects the sync and the status controller reconcile at once
    --adopt-resources: string@"nu-complete kubefedctl init adopt_resources" # Whether KubeFed adopts objects that already exist in member clusters
    --feature-gates: string   # Turn KubeFed's feature gates on or off (comma-separated, repeatable): PushReconciler, SchedulerPreferences (on by default), RawResourceStatusCollection (off)
    --timeout: string         # How long to wait for the CRDs to be established
    --dry-run: string@"nu-complete kubefedctl init dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --output(-o): string@"nu-complete kubefedctl init output" # Print the objects instead of writing them
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete kubefedctl teardown output" [] {
    [ "yaml" "json" ]
  }

  # Remove KubeFed from the host cluster and its members
  export extern "kubefedctl teardown" [
    --yes(-y)                 # Delete without asking (needed when stdin is not a terminal)
    --dry-run                 # Only list what would be deleted
    --force                   # Unjoin members that cannot be reached, reporting what was left on them
    --host-cluster-name: string # Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]
    --concurrency: string     # How many clusters to unjoin at once
    --timeout: string         # How long to wait for each deletion to finish
    --output(-o): string@"nu-complete kubefedctl teardown output" # Print what was (or with --dry-run would be) deleted as one document
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete kubefedctl federate dry_run" [] {
    [ "none" "client" "server" ]
  }

  def "nu-complete kubefedctl federate output" [] {
    [ "yaml" "json" ]
  }

  # Federate creates a federated resource from a kubernetes resource
  export extern "kubefedctl federate" [
    --namespace(-n): string   # Namespace of the resource; for -f, where objects of namespaced types without a namespace go [default: default]
    --enable-type(-t)         # Enable the types that are not enabled yet (as `kubefedctl enable` does by default); with --dry-run, print what would be created instead
    --contents(-c)            # With type namespaces: also federate every object in the namespace
    --skip-api-resources(-s): string # With --contents: types (plural, singular, kind, short or group-qualified name) or whole API groups to leave out (comma-separated, repeatable); endpoints and events are always left out
    --filename(-f): string    # File of objects to federate (multi-document YAML or JSON, `List` kinds too); `-` reads standard input
    --placement-clusters: string # Place the federated objects on these clusters only (comma-separated)
    --placement-selector: string # Place the federated objects on clusters with this label (repeatable)
    --override: string        # Change a field of the objects in one cluster (repeatable): PATH is a JSON pointer into the object, VALUE is JSON or else a string; CLUSTER:PATH- removes the field
    --override-file: path     # KubeFed's own `overrides` list (clusterName, clusterOverrides of op, path, value) for the objects; --override changes apply on top
    --strict                  # Refuse, before writing anything, a placement that cannot propagate (a cluster that is not joined, a selector that selects none, a namespace that is not federated) instead of warning about it
    --concurrency: string     # How many objects to apply at once
    --wait: string            # Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]
    --dry-run: string@"nu-complete kubefedctl federate dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --output(-o): string@"nu-complete kubefedctl federate output" # Print the federated objects instead of applying them
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    type_name?: string        # Type of the resource to federate (e.g. configmaps, deployments.apps)
    resource_name?: string    # Name of the resource to federate
  ]

  def "nu-complete kubefedctl get output" [] {
    [ "wide" "yaml" "json" ]
  }

  # Show where federated resources propagated, cluster by cluster
  export extern "kubefedctl get" [
    --namespace(-n): string   # Namespace of the federated resources [default: the context's namespace, else default]
    --all-namespaces(-A)      # Federated resources of all namespaces
    --output(-o): string@"nu-complete kubefedctl get output" # wide adds KubeFed's status, the reason and the overrides of each cluster; yaml and json print one document instead of the table
    --wait: string            # Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    type_name: string         # The type (configmaps, deployments.apps) or its federated type
    name?: string             # Name of one federated resource [default: all of the namespace]
  ]

  # Show how the members' copies differ from their templates and overrides
  export extern "kubefedctl diff" [
    --namespace(-n): string   # Namespace of the federated resources [default: the context's namespace, else default]
    --all-namespaces(-A)      # Federated resources of all namespaces
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    type_name: string         # The type (configmaps, deployments.apps) or its federated type
    name?: string             # Name of one federated resource [default: all of the namespace]
  ]

  # Manage orphaning delete policy
  export extern "kubefedctl orphaning-deletion" [
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete kubefedctl orphaning-deletion enable dry_run" [] {
    [ "none" "client" "server" ]
  }

  # Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal
  export extern "kubefedctl orphaning-deletion enable" [
    --namespace(-n): string   # Namespace of the federated resource [default: the context's namespace, else default; for a FederatedNamespace, NAME]
    --dry-run: string@"nu-complete kubefedctl orphaning-deletion enable dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    type_name: string         # Federated type (federatedconfigmaps) or the type it federates (configmaps)
    name: string              # Name of the federated resource
  ]

  def "nu-complete kubefedctl orphaning-deletion disable dry_run" [] {
    [ "none" "client" "server" ]
  }

  # Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource
  export extern "kubefedctl orphaning-deletion disable" [
    --namespace(-n): string   # Namespace of the federated resource [default: the context's namespace, else default; for a FederatedNamespace, NAME]
    --dry-run: string@"nu-complete kubefedctl orphaning-deletion disable dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    type_name: string         # Federated type (federatedconfigmaps) or the type it federates (configmaps)
    name: string              # Name of the federated resource
  ]

  def "nu-complete kubefedctl orphaning-deletion status output" [] {
    [ "yaml" "json" ]
  }

  # Get the orphaning deletion status of the federated resource
  export extern "kubefedctl orphaning-deletion status" [
    --namespace(-n): string   # Namespace of the federated resource [default: the context's namespace, else default; for a FederatedNamespace, NAME]
    --output(-o): string@"nu-complete kubefedctl orphaning-deletion status output" # Print one YAML or JSON document instead of Enabled/Disabled
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    type_name: string         # Federated type (federatedconfigmaps) or the type it federates (configmaps)
    name: string              # Name of the federated resource
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "kubefedctl orphaning-deletion help" [
  ]

  # Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal
  export extern "kubefedctl orphaning-deletion help enable" [
  ]

  # Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource
  export extern "kubefedctl orphaning-deletion help disable" [
  ]

  # Get the orphaning deletion status of the federated resource
  export extern "kubefedctl orphaning-deletion help status" [
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "kubefedctl orphaning-deletion help help" [
  ]

  # Per-cluster overrides of a federated resource
  export extern "kubefedctl override" [
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete kubefedctl override set dry_run" [] {
    [ "none" "client" "server" ]
  }

  # Set fields of a federated resource in one cluster, or remove them there
  export extern "kubefedctl override set" [
    --namespace(-n): string   # Namespace of the federated resource [default: the context's namespace, else default; for a FederatedNamespace, NAME]
    --cluster: string         # The member cluster the overrides are for
    --strict                  # Refuse, before writing anything, overrides that cannot take effect (the cluster is not joined or not placed, the placement selects none, the namespace is not federated) instead of warning about them
    --wait: string            # Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]
    --dry-run: string@"nu-complete kubefedctl override set dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    type_name: string         # Federated type (federatedconfigmaps) or the type it federates (configmaps)
    name: string              # Name of the federated resource
    ...changes: string        # What to change: PATH=VALUE sets, PATH- removes
  ]

  def "nu-complete kubefedctl override remove dry_run" [] {
    [ "none" "client" "server" ]
  }

  # Take overrides of a federated resource away in one cluster
  export extern "kubefedctl override remove" [
    --namespace(-n): string   # Namespace of the federated resource [default: the context's namespace, else default; for a FederatedNamespace, NAME]
    --cluster: string         # The member cluster whose overrides go
    --wait: string            # Then wait until every placed cluster holds the resources as their templates and overrides say, up to DURATION; exit 1 naming each cluster that does not [default when given without a value: 2m]
    --dry-run: string@"nu-complete kubefedctl override remove dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    type_name: string         # Federated type (federatedconfigmaps) or the type it federates (configmaps)
    name: string              # Name of the federated resource
    ...paths: string          # The overridden paths to take away
  ]

  def "nu-complete kubefedctl override list output" [] {
    [ "yaml" "json" ]
  }

  # List the overrides of a federated resource
  export extern "kubefedctl override list" [
    --namespace(-n): string   # Namespace of the federated resource [default: the context's namespace, else default; for a FederatedNamespace, NAME]
    --output(-o): string@"nu-complete kubefedctl override list output" # Print the overrides as KubeFed's list in YAML or JSON instead of a table
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    type_name: string         # Federated type (federatedconfigmaps) or the type it federates (configmaps)
    name: string              # Name of the federated resource
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "kubefedctl override help" [
  ]

  # Set fields of a federated resource in one cluster, or remove them there
  export extern "kubefedctl override help set" [
  ]

  # Take overrides of a federated resource away in one cluster
  export extern "kubefedctl override help remove" [
  ]

  # List the overrides of a federated resource
  export extern "kubefedctl override help list" [
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "kubefedctl override help help" [
  ]

  def "nu-complete kubefedctl rotate-credentials dry_run" [] {
    [ "none" "client" "server" ]
  }

  # Replace the token the control plane uses for a member cluster
  export extern "kubefedctl rotate-credentials" [
    --cluster-context: string # Kubeconfig context of the member cluster [default: CLUSTER_NAME]; only with one cluster
    --host-cluster-name: string # Name of the host cluster used in member object names [default: the host context, made a valid object name when it is not one]
    --concurrency: string     # How many clusters to work on at once
    --token-timeout: string   # How long to wait for the member's token controller to fill the new token Secret
    --ready-timeout: string   # How long to wait for the KubeFed controller to probe the member Ready with the new token (two health checks after the switch)
    --dry-run: string@"nu-complete kubefedctl rotate-credentials dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    ...clusters: string       # Names of the joined clusters; each is also its kubeconfig context unless --cluster-context says otherwise
  ]

  def "nu-complete kubefedctl status output" [] {
    [ "yaml" "json" ]
  }

  # Show the health of member clusters, enabled types and the control plane
  export extern "kubefedctl status" [
    --output(-o): string@"nu-complete kubefedctl status output" # Print one YAML or JSON document instead of tables (one per refresh with --watch)
    --watch(-w)               # Refresh until interrupted with Ctrl-C; the exit status is that of the last refresh
    --interval: string        # How often --watch refreshes (at least 1s)
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete kubefedctl schedule dry_run" [] {
    [ "none" "client" "server" ]
  }

  def "nu-complete kubefedctl schedule output" [] {
    [ "yaml" "json" ]
  }

  # Schedule the replicas of a federated Deployment or ReplicaSet
  export extern "kubefedctl schedule" [
    --namespace(-n): string   # Namespace of the federated object [default: the context's namespace, else default]
    --total-replicas: string  # Replicas to spread over the clusters in total
    --weight: string          # Weight of a cluster (repeatable): its share of the replicas left after the minimums
    --min: string             # Fewest replicas a cluster gets (repeatable)
    --max: string             # Most replicas a cluster gets (repeatable) [default: unbounded]
    --rebalance               # Move running replicas to other clusters to match the preferences
    --intersect-with-cluster-selector # Schedule only onto the clusters the federated object's placement.clusterSelector selects (KubeFed ignores a placement.clusters list here); otherwise onto every ready cluster, replacing the object's placement
    --strict                  # Refuse, before writing anything, a preference that cannot take effect (a cluster that is not joined, an object placed on no joined cluster or in a namespace that is not federated) instead of warning about it
    --dry-run: string@"nu-complete kubefedctl schedule dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --output(-o): string@"nu-complete kubefedctl schedule output" # Print the ReplicaSchedulingPreference instead of writing it
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    type_name: string         # deployments.apps or replicasets.apps
    name: string              # Name of the federated Deployment or ReplicaSet
  ]

  def "nu-complete kubefedctl sync dry_run" [] {
    [ "none" "client" "server" ]
  }

  def "nu-complete kubefedctl sync output" [] {
    [ "yaml" "json" ]
  }

  # Join, relabel and unjoin members to match a cluster group file
  export extern "kubefedctl sync" [
    --filename(-f): path      # The cluster group file (YAML)
    --export                  # Print the cluster group file that describes the members as they are (a start for managing an existing federation with sync) instead of syncing
    --yes(-y)                 # Unjoin the members the file no longer lists without asking (needed when stdin is not a terminal)
    --force                   # Unjoin members that cannot be reached or whose context is gone: remove their registration anyway, and report what could not be removed
    --concurrency: string     # How many clusters to work on at once
    --token-timeout: string   # How long to wait for a joining member's token controller to fill the token Secret
    --wait: string            # Then wait until the KubeFed controller reports each member cluster Ready, up to DURATION [default when given without a value: 2m]
    --dry-run: string@"nu-complete kubefedctl sync dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --output(-o): string@"nu-complete kubefedctl sync output" # Print one YAML or JSON document with the result of every member instead of lines (with --export: the file's format, YAML by default)
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete kubefedctl dns dry_run" [] {
    [ "none" "client" "server" ]
  }

  def "nu-complete kubefedctl dns output" [] {
    [ "yaml" "json" ]
  }

  # Write the DNS records of federated Services and Ingresses for ExternalDNS
  export extern "kubefedctl dns" [
    --namespace(-n): string   # Only the records of this namespace [default: all namespaces]
    --watch                   # Keep the records current: watch the host and the members and write again after every change, until Ctrl-C
    --dry-run: string@"nu-complete kubefedctl dns dry_run" # Preview without changing anything: `client` sends no writes, `server` sends them with dryRun=All so the API server validates them
    --output(-o): string@"nu-complete kubefedctl dns output" # Print the records with their status and the DNSEndpoints instead of writing them
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete kubefedctl version output" [] {
    [ "yaml" "json" ]
  }

  # Print the version info
  export extern "kubefedctl version" [
    --client                  # Print the client version only; do not contact the host cluster
    --output(-o): string@"nu-complete kubefedctl version output" # Print one YAML or JSON document instead of text
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
  ]

  def "nu-complete kubefedctl completion shell" [] {
    [ "bash" "zsh" "fish" "powershell" "elvish" "nushell" ]
  }

  # Print a shell completion script
  export extern "kubefedctl completion" [
    --kubeconfig: path        # Path to the kubeconfig file. When set, only this file is read; otherwise the files listed in KUBECONFIG, else ~/.kube/config
    --host-cluster-context: string # Kubeconfig context of the cluster hosting the KubeFed control plane [default: the current context]
    --kubefed-namespace: string # Namespace of the KubeFed control plane in the host cluster
    --v(-v): string           # Log verbosity on stderr: 2 logs every write to a cluster, 6 every API request with its answer and duration (accepts --v=2 as the Go kubefedctl did)
    --quiet(-q)               # Suppress warnings and diagnostics on stderr; results and errors are still printed
    --help(-h)                # Print help (see more with '--help')
    shell: string@"nu-complete kubefedctl completion shell" # The shell to print the script for
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "kubefedctl help" [
  ]

  # Enables propagation of a Kubernetes API type
  export extern "kubefedctl help enable" [
  ]

  # Disables propagation of a Kubernetes API type
  export extern "kubefedctl help disable" [
  ]

  # Register a cluster with a KubeFed control plane
  export extern "kubefedctl help join" [
  ]

  # Remove the registration of a cluster from a KubeFed control plane
  export extern "kubefedctl help unjoin" [
  ]

  # Install the KubeFed CRDs and configuration on the host cluster
  export extern "kubefedctl help init" [
  ]

  # Remove KubeFed from the host cluster and its members
  export extern "kubefedctl help teardown" [
  ]

  # Federate creates a federated resource from a kubernetes resource
  export extern "kubefedctl help federate" [
  ]

  # Show where federated resources propagated, cluster by cluster
  export extern "kubefedctl help get" [
  ]

  # Show how the members' copies differ from their templates and overrides
  export extern "kubefedctl help diff" [
  ]

  # Manage orphaning delete policy
  export extern "kubefedctl help orphaning-deletion" [
  ]

  # Enable the orphaning (i.e. retention) of resources managed by a federated resource upon its removal
  export extern "kubefedctl help orphaning-deletion enable" [
  ]

  # Disable orphaning deletion to ensure the removal of managed resources before removing the managing federated resource
  export extern "kubefedctl help orphaning-deletion disable" [
  ]

  # Get the orphaning deletion status of the federated resource
  export extern "kubefedctl help orphaning-deletion status" [
  ]

  # Per-cluster overrides of a federated resource
  export extern "kubefedctl help override" [
  ]

  # Set fields of a federated resource in one cluster, or remove them there
  export extern "kubefedctl help override set" [
  ]

  # Take overrides of a federated resource away in one cluster
  export extern "kubefedctl help override remove" [
  ]

  # List the overrides of a federated resource
  export extern "kubefedctl help override list" [
  ]

  # Replace the token the control plane uses for a member cluster
  export extern "kubefedctl help rotate-credentials" [
  ]

  # Show the health of member clusters, enabled types and the control plane
  export extern "kubefedctl help status" [
  ]

  # Schedule the replicas of a federated Deployment or ReplicaSet
  export extern "kubefedctl help schedule" [
  ]

  # Join, relabel and unjoin members to match a cluster group file
  export extern "kubefedctl help sync" [
  ]

  # Write the DNS records of federated Services and Ingresses for ExternalDNS
  export extern "kubefedctl help dns" [
  ]

  # Print the version info
  export extern "kubefedctl help version" [
  ]

  # Print a shell completion script
  export extern "kubefedctl help completion" [
  ]

  # Print this message or the help of the given subcommand(s)
  export extern "kubefedctl help help" [
  ]

}

export use completions *
