"""Shared by every test folder: this folder is on sys.path, so ``from pins import map_pins`` works anywhere."""
