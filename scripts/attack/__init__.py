"""The attack of issue 14, rerun against `tutor serve` on loopback: see scripts/attack.sh."""
