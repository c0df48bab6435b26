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
{{- required "Ferrum needs PostgreSQL: set externalDatabase.url (postgres://user:password@host:5432/db), externalDatabase.existingSecret, or postgresql.enabled=true" .Values.externalDatabase.url }}
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
{{- end }}
