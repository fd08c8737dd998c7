"""Demo data: a believable support team's last six weeks, for trying RealDesk out."""
