package prometheus

// Rules are the rule file for s. A group's rules are evaluated in order,
// so the SLO alerts read the error ratios of the same evaluation; the
// protections are a group of their own.
func (s Settings) Rules() File {
	return File{Groups: []Group{
		{Name: "maitre-slo", Rules: append(s.ratios(), s.burnAlerts()...)},
		{Name: "maitre-protections", Rules: s.protections()},
	}}
}
