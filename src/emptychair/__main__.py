from emptychair.cli import main

main()
