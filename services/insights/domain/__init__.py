"""The community manager's rules, without I/O: tiers of participation, answer times, group health and
who may see which figure."""
