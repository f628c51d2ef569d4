{{- define "chronicle.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "chronicle.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "chronicle.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: chronicled
{{- end -}}

{{- define "chronicle.configSecret" -}}
{{- default (printf "%s-config" (include "chronicle.fullname" .)) .Values.auth.existingSecret -}}
{{- end -}}

{{/* The gRPC services a pod of this release serves, for the Ingress. */}}
{{- define "chronicle.grpcServices" -}}
{{- list "chronicle.v1.Contacts" "chronicle.v1.Deals" "chronicle.v1.Activities" "chronicle.v1.Notifications" "chronicle.v1.Analytics" "chronicle.v1.EventLog" "chronicle.v1.Projections" | toJson -}}
{{- end -}}

{{- define "chronicle.checkMode" -}}
{{- if eq .Values.mode "distributed" -}}
{{- fail "mode: distributed needs Chronicle's Kafka event log, which this build does not have yet; use mode: embedded" -}}
{{- else if ne .Values.mode "embedded" -}}
{{- fail (printf "mode: %q is not one of embedded, distributed" .Values.mode) -}}
{{- end -}}
{{- end -}}
