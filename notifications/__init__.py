"""Messages and their delivery, and the nb_NO formatting they share with the command line."""
