"""Résumé gap analysis: read the résumé, find skill evidence, place it on the ladder, plan the gap."""
