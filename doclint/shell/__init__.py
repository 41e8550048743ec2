"""Shell text → commands made of words that know their exact place in the file."""
