{{/* The release's base name: "kantine" unless the release is called something else. */}}
{{- define "kantine.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object of the release. */}}
{{- define "kantine.labels" -}}
app.kubernetes.io/part-of: kantine
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/* What selects one service's pods; call with (dict "root" $ "name" $name). */}}
{{- define "kantine.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* One service's objects' name; call with (dict "root" $ "name" $name). */}}
{{- define "kantine.serviceName" -}}
{{- printf "%s-%s" (include "kantine.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kantine.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}

{{- define "kantine.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}{{ include "kantine.fullname" . }}{{- else -}}default{{- end -}}
{{- end -}}

{{/* The hardening every Kantine container gets; nothing in a service entry can loosen it. */}}
{{- define "kantine.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "kantine.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The database URL from its existing Secret. */}}
{{- define "kantine.databaseEnv" -}}
- name: KANTINE_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.secretName }}
      key: {{ .Values.database.key }}
{{- end -}}

{{/* A service's NATS user: its `natsUser`, else its name with "_" for "-" (its durable consumer's name). */}}
{{- define "kantine.natsUser" -}}
{{- .entry.natsUser | default (.name | replace "-" "_") -}}
{{- end -}}

{{/* Who a pod is on NATS: the user and its password from the credentials Secret; nothing without one. */}}
{{- define "kantine.natsEnv" -}}
{{- if .root.Values.nats.credentialsSecret }}
- name: KANTINE_NATS_USER
  value: {{ .user | quote }}
- name: KANTINE_NATS_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .root.Values.nats.credentialsSecret }}
      key: {{ .user }}
{{- end }}
{{- end -}}
