"""The product catalogue: finding products by the code a scanner or a person gives.
"""
