int pset_placeholder(void);
