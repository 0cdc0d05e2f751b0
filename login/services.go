package login

import (
	"maps"
	"slices"
	"strings"
)

// service is a console shortcut: the page's path on the console host (a fragment allowed)
// and whether the console is global, in which case the URL gets no region.
type service struct {
	path   string
	global bool
}

// services maps shortcut names to console pages. Global consoles (IAM, Route 53, CloudFront,
// billing, cost management, Organizations, support, Trusted Advisor) ignore the region.
var services = map[string]service{
	"acm":              {path: "/acm/home"},
	"apigateway":       {path: "/apigateway/main/apis"},
	"athena":           {path: "/athena/home"},
	"backup":           {path: "/backup/home"},
	"bedrock":          {path: "/bedrock/home"},
	"billing":          {path: "/billing/home", global: true},
	"cloudformation":   {path: "/cloudformation/home"},
	"cloudfront":       {path: "/cloudfront/v4/home", global: true},
	"cloudshell":       {path: "/cloudshell/home"},
	"cloudtrail":       {path: "/cloudtrail/home"},
	"cloudwatch":       {path: "/cloudwatch/home"},
	"codebuild":        {path: "/codesuite/codebuild/home"},
	"codecommit":       {path: "/codesuite/codecommit/home"},
	"codepipeline":     {path: "/codesuite/codepipeline/home"},
	"cognito":          {path: "/cognito/v2/home"},
	"config":           {path: "/config/home"},
	"console":          {path: "/console/home"},
	"costmanagement":   {path: "/costmanagement/home", global: true},
	"directconnect":    {path: "/directconnect/v2/home"},
	"dynamodb":         {path: "/dynamodbv2/home"},
	"ebs":              {path: "/ec2/home#Volumes:"},
	"ec2":              {path: "/ec2/home"},
	"ecr":              {path: "/ecr/home"},
	"ecs":              {path: "/ecs/v2/home"},
	"efs":              {path: "/efs/home"},
	"eks":              {path: "/eks/home"},
	"elasticache":      {path: "/elasticache/home"},
	"elasticbeanstalk": {path: "/elasticbeanstalk/home"},
	"eventbridge":      {path: "/events/home"},
	"glue":             {path: "/glue/home"},
	"guardduty":        {path: "/guardduty/home"},
	"iam":              {path: "/iam/home", global: true},
	"kinesis":          {path: "/kinesis/home"},
	"kms":              {path: "/kms/home"},
	"lambda":           {path: "/lambda/home"},
	"logs":             {path: "/cloudwatch/home#logsV2:log-groups"},
	"opensearch":       {path: "/aos/home"},
	"organizations":    {path: "/organizations/v2/home", global: true},
	"rds":              {path: "/rds/home"},
	"redshift":         {path: "/redshiftv2/home"},
	"route53":          {path: "/route53/v2/home", global: true},
	"s3":               {path: "/s3/home"},
	"sagemaker":        {path: "/sagemaker/home"},
	"secretsmanager":   {path: "/secretsmanager/home"},
	"securityhub":      {path: "/securityhub/home"},
	"servicequotas":    {path: "/servicequotas/home"},
	"ses":              {path: "/ses/home"},
	"sns":              {path: "/sns/v3/home"},
	"sqs":              {path: "/sqs/v3/home"},
	"sso":              {path: "/singlesignon/home"},
	"ssm":              {path: "/systems-manager/home"},
	"stepfunctions":    {path: "/states/home"},
	"support":          {path: "/support/home", global: true},
	"trustedadvisor":   {path: "/trustedadvisor/home", global: true},
	"vpc":              {path: "/vpcconsole/home"},
	"waf":              {path: "/wafv2/homev2"},
}

// aliases are other names people type for a shortcut.
var aliases = map[string]string{
	"cfn":                "cloudformation",
	"cloudwatchlogs":     "logs",
	"cost":               "costmanagement",
	"cw":                 "cloudwatch",
	"ddb":                "dynamodb",
	"dx":                 "directconnect",
	"eb":                 "elasticbeanstalk",
	"events":             "eventbridge",
	"identitycenter":     "sso",
	"org":                "organizations",
	"orgs":               "organizations",
	"r53":                "route53",
	"sfn":                "stepfunctions",
	"states":             "stepfunctions",
	"systemsmanager":     "ssm",
	"wafv2":              "waf",
	"secrets":            "secretsmanager",
	"parameterstore":     "ssm",
	"elasticsearch":      "opensearch",
	"cloudwatch-logs":    "logs",
	"systems-manager":    "ssm",
	"cost-explorer":      "costmanagement",
	"step-functions":     "stepfunctions",
	"secrets-manager":    "secretsmanager",
	"identity-center":    "sso",
	"trusted-advisor":    "trustedadvisor",
	"elastic-beanstalk":  "elasticbeanstalk",
	"certificatemanager": "acm",
}

// Services returns the service shortcut names ConsoleURL knows, sorted (aliases excluded).
func Services() []string {
	return slices.Sorted(maps.Keys(services))
}

// lookupService finds a shortcut by name or alias, ignoring case and surrounding space.
func lookupService(name string) (service, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	if canon, ok := aliases[name]; ok {
		name = canon
	}
	s, ok := services[name]
	return s, ok
}

// closeServices returns up to three known shortcuts that look like name: a shared prefix of
// at least two letters or an edit distance of at most two, nearest first.
func closeServices(name string) []string {
	name = strings.ToLower(strings.TrimSpace(name))
	type match struct {
		name string
		dist int
	}
	var matches []match
	for _, known := range Services() {
		d := editDistance(name, known)
		if len(name) >= 2 && strings.HasPrefix(known, name) {
			d = min(d, 1)
		}
		if d <= 2 {
			matches = append(matches, match{known, d})
		}
	}
	slices.SortStableFunc(matches, func(a, b match) int { return a.dist - b.dist })
	out := make([]string, 0, 3)
	for _, m := range matches {
		if len(out) == 3 {
			break
		}
		out = append(out, m.name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b (bytes; shortcut names are ASCII).
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
