{{/* Names, labels and the pieces every Ferrum container shares. */}}

{{- define "ferrum.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ferrum.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "ferrum.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Selector labels; call with (dict "ctx" $ "component" "api"). */}}
{{- define "ferrum.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ferrum.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "ferrum.labels" -}}
helm.sh/chart: {{ include "ferrum.chart" .ctx }}
{{ include "ferrum.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: ferrum
{{- end }}

{{- define "ferrum.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "ferrum.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ferrum.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret holding DATABASE_URL: the operator's, or the chart's. */}}
{{- define "ferrum.databaseSecret" -}}
{{- if and (not .Values.postgresql.enabled) .Values.externalDatabase.existingSecret }}
{{- .Values.externalDatabase.existingSecret }}
{{- else }}
{{- include "ferrum.fullname" . }}
{{- end }}
{{- end }}

{{- define "ferrum.databaseSecretKey" -}}
{{- if and (not .Values.postgresql.enabled) .Values.externalDatabase.existingSecret }}
{{- .Values.externalDatabase.existingSecretKey }}
{{- else -}}
DATABASE_URL
{{- end }}
{{- end }}

{{- define "ferrum.natsSecret" -}}
{{- if and (not .Values.nats.enabled) .Values.externalNats.existingSecret }}
{{- .Values.externalNats.existingSecret }}
{{- else }}
{{- include "ferrum.fullname" . }}
{{- end }}
{{- end }}

{{- define "ferrum.natsSecretKey" -}}
{{- if and (not .Values.nats.enabled) .Values.externalNats.existingSecret }}
{{- .Values.externalNats.existingSecretKey }}
{{- else -}}
NATS_URL
{{- end }}
{{- end }}

{{/*
DATABASE_URL as the chart stores it. Fails the render, naming the values to set, when there is no
database: a clear message at install time beats a crash loop later.
*/}}
{{- define "ferrum.databaseUrl" -}}
{{- if .Values.postgresql.enabled }}
{{- $password := required "postgresql.enabled=true needs postgresql.auth.password: the chart builds DATABASE_URL from it" .Values.postgresql.auth.password }}
{{- /* urlquery writes a space as "+", which a URL's user part keeps as a plus: make it %20. */}}
{{- $user := urlquery .Values.postgresql.auth.username | replace "+" "%20" }}
{{- printf "postgres://%s:%s@%s-postgresql:5432/%s" $user (urlquery $password | replace "+" "%20") .Release.Name .Values.postgresql.auth.database }}
{{- else }}
{{- required "Ferrum needs PostgreSQL: set externalDatabase.url (postgres://user:password@host:5432/db), externalDatabase.existingSecret, or postgresql.enabled=true for the split topology (NATS is given); or give no NATS either, for the all-in-one with its embedded database" .Values.externalDatabase.url }}
{{- end }}
{{- end }}

{{- define "ferrum.natsUrl" -}}
{{- if .Values.nats.enabled }}
{{- printf "nats://%s-nats:4222" .Release.Name }}
{{- else }}
{{- required "Ferrum needs NATS: set externalNats.url (nats://host:4222), externalNats.existingSecret, or nats.enabled=true" .Values.externalNats.url }}
{{- end }}
{{- end }}

{{/* Whether the chart's Secret carries each URL (it does unless an existing Secret is named). */}}
{{- define "ferrum.ownsDatabaseUrl" -}}
{{- if or .Values.postgresql.enabled (not .Values.externalDatabase.existingSecret) }}true{{ end }}
{{- end }}

{{- define "ferrum.ownsNatsUrl" -}}
{{- if or .Values.nats.enabled (not .Values.externalNats.existingSecret) }}true{{ end }}
{{- end }}

{{/* Environment of every Ferrum container: where the database and bus are, and no migrations at start. */}}
{{- define "ferrum.commonEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "ferrum.databaseSecret" . }}
      key: {{ include "ferrum.databaseSecretKey" . }}
- name: NATS_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "ferrum.natsSecret" . }}
      key: {{ include "ferrum.natsSecretKey" . }}
- name: FERRUM_AUTO_MIGRATE
  value: "false"
{{- end }}

{{- define "ferrum.envFrom" -}}
- configMapRef:
    name: {{ include "ferrum.fullname" . }}
{{- if .Values.secretEnv }}
- secretRef:
    name: {{ include "ferrum.fullname" . }}-env
{{- end }}
{{- end }}

{{/* Values that are each valid but not together; schema checks cannot see across keys. */}}
{{- define "ferrum.validate" -}}
{{- if ge (int .Values.conductor.drainTimeoutSeconds) (int .Values.conductor.terminationGracePeriodSeconds) }}
{{- fail (printf "conductor.drainTimeoutSeconds (%v) must be below conductor.terminationGracePeriodSeconds (%v), or Kubernetes kills conductors mid-drain" .Values.conductor.drainTimeoutSeconds .Values.conductor.terminationGracePeriodSeconds) }}
{{- end }}
{{- if and .Values.inspector.enabled (not .Values.inspector.provisioning.ip) }}
{{- fail "inspector.enabled=true needs inspector.provisioning.ip: the inspector listens on the provisioning network only" }}
{{- end }}
{{- if and .Values.inspector.enabled (not .Values.inspector.provisioning.interface) }}
{{- fail "inspector.enabled=true needs inspector.provisioning.interface: dnsmasq serves DHCP on that interface only" }}
{{- end }}
{{- if include "ferrum.allInOne" . }}
{{- if or .Values.nats.enabled .Values.externalNats.url .Values.externalNats.existingSecret }}
{{- /* NATS without a database is a split install missing its database: say so rather than ignore NATS. */}}
{{- include "ferrum.databaseUrl" . }}
{{- end }}
{{- $split := list }}
{{- if gt (int .Values.api.replicas) 1 }}{{ $split = append $split (printf "api.replicas=%v" .Values.api.replicas) }}{{ end }}
{{- if .Values.api.autoscaling.enabled }}{{ $split = append $split "api.autoscaling.enabled=true" }}{{ end }}
{{- if gt (int .Values.conductor.replicas) 1 }}{{ $split = append $split (printf "conductor.replicas=%v" .Values.conductor.replicas) }}{{ end }}
{{- if .Values.conductor.pools }}{{ $split = append $split "conductor.pools" }}{{ end }}
{{- if $split }}
{{- fail (printf "%s: several processes need a shared PostgreSQL and NATS (set externalDatabase.url or .existingSecret, or postgresql.enabled=true, and NATS); without a database the chart installs the all-in-one, one pod" (join ", " $split)) }}
{{- end }}
{{- end }}
{{- $a := .Values.auth }}
{{- if eq $a.strategy "keystone" }}
{{- if not (and $a.keystone.authUrl $a.keystone.username $a.keystone.passwordSecret.name) }}
{{- fail "auth.strategy=keystone needs auth.keystone.authUrl, auth.keystone.username and auth.keystone.passwordSecret.name (the service user Ferrum validates tokens as)" }}
{{- end }}
{{- end }}
{{- if and $a.policy.existingConfigMap $a.policy.existingSecret }}
{{- fail "auth.policy: give existingConfigMap or existingSecret, not both" }}
{{- end }}
{{- $t := .Values.tls }}
{{- if $t.enabled }}
{{- if not (or $t.existingSecret $t.certManager.enabled) }}
{{- fail "tls.enabled=true needs tls.existingSecret (a kubernetes.io/tls Secret) or tls.certManager.enabled=true" }}
{{- end }}
{{- if and $t.certManager.enabled (not $t.certManager.issuerRef.name) }}
{{- fail "tls.certManager.enabled=true needs tls.certManager.issuerRef.name" }}
{{- end }}
{{- else if or $t.clientCaSecret $t.certManager.enabled }}
{{- fail "tls.clientCaSecret and tls.certManager.enabled need tls.enabled=true" }}
{{- end }}
{{- /* The chart sets these from auth.* and tls.*; one in config or secretEnv would be silently overridden. */}}
{{- range $name := concat (keys .Values.config) (keys .Values.secretEnv) | sortAlpha }}
{{- if or (hasPrefix "FERRUM_TLS_" $name) (hasPrefix "FERRUM_KEYSTONE_" $name) (has $name (list "FERRUM_AUTH_STRATEGY" "FERRUM_ALLOW_INSECURE_NOAUTH" "FERRUM_HTTP_BASIC_AUTH_USER_FILE" "FERRUM_HTTP_BASIC_ROLES_FILE" "FERRUM_POLICY_FILE")) }}
{{- if not (eq $name "FERRUM_KEYSTONE_TOKEN_CACHE_S" "FERRUM_KEYSTONE_WWW_AUTHENTICATE_URI") }}
{{- fail (printf "%s is set by the chart: use the auth.* and tls.* values instead of config or secretEnv" $name) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
"true" when no database is configured: the chart then installs the all-in-one (one pod, --role all, the
embedded PGlite database on a claim, the in-process bus), else the split topology over PostgreSQL and NATS.
*/}}
{{- define "ferrum.allInOne" -}}
{{- if not (or .Values.postgresql.enabled .Values.externalDatabase.url .Values.externalDatabase.existingSecret) }}true{{ end }}
{{- end }}

{{/* The component label of the pods behind the API Service. */}}
{{- define "ferrum.apiComponent" -}}
{{- ternary "all-in-one" "api" (eq (include "ferrum.allInOne" .) "true") }}
{{- end }}

{{/* FERRUM_PUBLIC_URL: api.publicUrl, else the ingress host when the ingress is on, else nothing. */}}
{{- define "ferrum.publicUrl" -}}
{{- if .Values.api.publicUrl }}
{{- .Values.api.publicUrl }}
{{- else if .Values.api.ingress.enabled }}
{{- printf "%s://%s" (ternary "https" "http" (gt (len .Values.api.ingress.tls) 0)) .Values.api.ingress.host }}
{{- end }}
{{- end }}

{{/* The Secret with the htpasswd file: the operator's, or the one the chart generates. */}}
{{- define "ferrum.htpasswdSecret" -}}
{{- .Values.auth.htpasswd.existingSecret | default (printf "%s-htpasswd" (include "ferrum.fullname" .)) }}
{{- end }}

{{/* The kubernetes.io/tls Secret the API and the inspector serve: the operator's, or the one cert-manager writes. */}}
{{- define "ferrum.tlsSecret" -}}
{{- .Values.tls.existingSecret | default (printf "%s-tls" (include "ferrum.fullname" .)) }}
{{- end }}

{{/*
Where the auth and TLS files are mounted. Projected volumes, never subPath: the kubelet swaps in the new
content of a changed Secret, and Ferrum re-reads the files itself (htpasswd, roles, renewed certificates).
*/}}
{{- define "ferrum.authDir" -}}/etc/ferrum/auth{{- end }}
{{- define "ferrum.tlsDir" -}}/etc/ferrum/tls{{- end }}

{{- define "ferrum.httpBasic" -}}
{{- if eq .Values.auth.strategy "http_basic" }}true{{ end }}
{{- end }}

{{- define "ferrum.hasAuthFiles" -}}
{{- $p := .Values.auth.policy }}
{{- if or (include "ferrum.httpBasic" .) $p.existingConfigMap $p.existingSecret }}true{{ end }}
{{- end }}

{{/*
Authentication of the listeners that take callers (API, inspector, all-in-one; conductors take none):
FERRUM_AUTH_STRATEGY and its companions. noauth beyond loopback needs auth.allowInsecureNoauth, which is
passed on only when set: without it Ferrum refuses to start and says why.
*/}}
{{- define "ferrum.authEnv" -}}
{{- $a := .Values.auth }}
- name: FERRUM_AUTH_STRATEGY
  value: {{ $a.strategy | quote }}
{{- if and (eq $a.strategy "noauth") $a.allowInsecureNoauth }}
- name: FERRUM_ALLOW_INSECURE_NOAUTH
  value: "true"
{{- end }}
{{- if include "ferrum.httpBasic" . }}
- name: FERRUM_HTTP_BASIC_AUTH_USER_FILE
  value: {{ include "ferrum.authDir" . }}/htpasswd
{{- if $a.roles.existingSecret }}
- name: FERRUM_HTTP_BASIC_ROLES_FILE
  value: {{ include "ferrum.authDir" . }}/roles.yaml
{{- end }}
{{- end }}
{{- if or $a.policy.existingConfigMap $a.policy.existingSecret }}
- name: FERRUM_POLICY_FILE
  value: {{ include "ferrum.authDir" . }}/policy.yaml
{{- end }}
{{- if eq $a.strategy "keystone" }}
{{- $k := $a.keystone }}
- name: FERRUM_KEYSTONE_AUTH_URL
  value: {{ $k.authUrl | quote }}
- name: FERRUM_KEYSTONE_USERNAME
  value: {{ $k.username | quote }}
- name: FERRUM_KEYSTONE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $k.passwordSecret.name }}
      key: {{ $k.passwordSecret.key }}
- name: FERRUM_KEYSTONE_PROJECT_NAME
  value: {{ $k.projectName | quote }}
- name: FERRUM_KEYSTONE_USER_DOMAIN_NAME
  value: {{ $k.userDomainName | quote }}
- name: FERRUM_KEYSTONE_PROJECT_DOMAIN_NAME
  value: {{ $k.projectDomainName | quote }}
{{- end }}
{{- end }}

{{/* HTTPS on the API and the inspector: the certificate, its key and (mutual TLS) the clients' CA. */}}
{{- define "ferrum.tlsEnv" -}}
{{- if .Values.tls.enabled }}
- name: FERRUM_TLS_CERT_FILE
  value: {{ include "ferrum.tlsDir" . }}/tls.crt
- name: FERRUM_TLS_KEY_FILE
  value: {{ include "ferrum.tlsDir" . }}/tls.key
{{- if .Values.tls.clientCaSecret }}
- name: FERRUM_TLS_CLIENT_CA_FILE
  value: {{ include "ferrum.tlsDir" . }}/client-ca.crt
{{- end }}
{{- end }}
{{- end }}

{{/* volumeMounts entries for the auth and TLS files (none when there are none). */}}
{{- define "ferrum.listenerVolumeMounts" -}}
{{- if include "ferrum.hasAuthFiles" . }}
- name: auth
  mountPath: {{ include "ferrum.authDir" . }}
  readOnly: true
{{- end }}
{{- if .Values.tls.enabled }}
- name: tls
  mountPath: {{ include "ferrum.tlsDir" . }}
  readOnly: true
{{- end }}
{{- end }}

{{/* The volumes behind them: only the keys Ferrum reads (the generated admin's plain password stays out). */}}
{{- define "ferrum.listenerVolumes" -}}
{{- $a := .Values.auth }}
{{- if include "ferrum.hasAuthFiles" . }}
- name: auth
  projected:
    defaultMode: 0440
    sources:
      {{- if include "ferrum.httpBasic" . }}
      - secret:
          name: {{ include "ferrum.htpasswdSecret" . }}
          items:
            - key: htpasswd
              path: htpasswd
      {{- if $a.roles.existingSecret }}
      - secret:
          name: {{ $a.roles.existingSecret }}
          items:
            - key: roles.yaml
              path: roles.yaml
      {{- end }}
      {{- end }}
      {{- if $a.policy.existingConfigMap }}
      - configMap:
          name: {{ $a.policy.existingConfigMap }}
          items:
            - key: policy.yaml
              path: policy.yaml
      {{- else if $a.policy.existingSecret }}
      - secret:
          name: {{ $a.policy.existingSecret }}
          items:
            - key: policy.yaml
              path: policy.yaml
      {{- end }}
{{- end }}
{{- if .Values.tls.enabled }}
- name: tls
  projected:
    defaultMode: 0440
    sources:
      - secret:
          name: {{ include "ferrum.tlsSecret" . }}
          items:
            - key: tls.crt
              path: tls.crt
            - key: tls.key
              path: tls.key
      {{- with .Values.tls.clientCaSecret }}
      - secret:
          name: {{ . }}
          items:
            - key: ca.crt
              path: client-ca.crt
      {{- end }}
{{- end }}
{{- end }}

{{/*
One probe action on a listener that serves the API's TLS; call with (dict "ctx" $ "port" "http" "path" "/healthz"
"host" ""). HTTPS when TLS is on. With mutual TLS the kubelet, which has no client certificate, cannot finish
a handshake: it can only check that the port accepts connections.
*/}}
{{- define "ferrum.probeAction" -}}
{{- if and .ctx.Values.tls.enabled .ctx.Values.tls.clientCaSecret }}
tcpSocket:
  {{- with .host }}
  host: {{ . | quote }}
  {{- end }}
  port: {{ .port }}
{{- else }}
httpGet:
  {{- with .host }}
  host: {{ . | quote }}
  {{- end }}
  path: {{ .path }}
  port: {{ .port }}
  {{- if .ctx.Values.tls.enabled }}
  scheme: HTTPS
  {{- end }}
{{- end }}
{{- end }}

{{/* Startup, liveness and readiness probes of such a listener; (dict "ctx" $ "port" "http" "host" "" "startupFailures" 30). */}}
{{- define "ferrum.listenerProbes" -}}
startupProbe:
  {{- include "ferrum.probeAction" (dict "ctx" .ctx "port" .port "host" .host "path" "/healthz") | trim | nindent 2 }}
  periodSeconds: 2
  failureThreshold: {{ .startupFailures | default 30 }}
livenessProbe:
  {{- include "ferrum.probeAction" (dict "ctx" .ctx "port" .port "host" .host "path" "/healthz") | trim | nindent 2 }}
  periodSeconds: 10
  timeoutSeconds: 3
readinessProbe:
  {{- include "ferrum.probeAction" (dict "ctx" .ctx "port" .port "host" .host "path" "/readyz") | trim | nindent 2 }}
  periodSeconds: 5
  timeoutSeconds: 3
{{- end }}

{{/* Selects every Ferrum pod of this release (a NetworkPolicy peer). */}}
{{- define "ferrum.podsPeer" -}}
- podSelector:
    matchLabels:
      app.kubernetes.io/name: {{ include "ferrum.name" . }}
      app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
